package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * A person signed in to a portal.
 *
 * @param name the canonical account name
 * @param organisation the partner organisation, or the department of staff
 */
public record User(String name, Role role, String organisation) {
    public User {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(organisation, "organisation");
    }
}
