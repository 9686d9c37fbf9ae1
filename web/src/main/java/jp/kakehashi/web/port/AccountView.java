package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An account as an administrator sees it.
 *
 * @param secondFactor whether an authenticator is enrolled
 * @param linkOpenUntil when its open invitation or reset link expires, if it has one
 * @param displayName the 氏名 people know them by; empty when none was given
 */
public record AccountView(
        String name,
        Role role,
        String organisation,
        List<String> groups,
        boolean disabled,
        boolean hasPassword,
        int sshKeys,
        boolean secondFactor,
        Optional<Instant> linkOpenUntil,
        Instant createdAt,
        String displayName) {
    public AccountView {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(organisation, "organisation");
        groups = List.copyOf(groups);
        requireNonNull(linkOpenUntil, "linkOpenUntil");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(displayName, "displayName");
    }
}
