package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * A person signed in to a portal.
 *
 * @param name the canonical account name
 * @param organisation the partner organisation, or the department of staff
 * @param credentials the generation of the account's credentials and powers; it changes with a
 *     password, an authenticator, a role, a group or the disabled flag, and a session signed in
 *     under an older one ends
 * @param displayName the 氏名 people know them by; empty when none was given
 * @param organisationName the 課 or organisation as people know it (「税務課」), or its id when it has no name
 */
public record User(
        String name, Role role, String organisation, long credentials, String displayName, String organisationName) {
    public User {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(organisation, "organisation");
        requireNonNull(displayName, "displayName");
        requireNonNull(organisationName, "organisationName");
    }

    /** A user whose organisation has no name of its own. */
    public User(String name, Role role, String organisation, long credentials, String displayName) {
        this(name, role, organisation, credentials, displayName, organisation);
    }

    /** How pages greet them: their 氏名, or the account name. */
    public String shownName() {
        return displayName.isBlank() ? name : displayName;
    }
}
