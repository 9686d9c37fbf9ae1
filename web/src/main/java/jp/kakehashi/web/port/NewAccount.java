package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An account an administrator creates.
 *
 * @param organisation the partner organisation, or the department for staff
 * @param groups the groups policies name it by ({@code kacho} ...)
 * @param displayName the 氏名 people know them by; empty when not given
 * @param email where the invitation and later notices go; empty when not given
 */
public record NewAccount(
        String name, Role role, String organisation, List<String> groups, String displayName, String email) {
    public NewAccount {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(organisation, "organisation");
        groups = List.copyOf(groups);
        requireNonNull(displayName, "displayName");
        requireNonNull(email, "email");
    }
}
