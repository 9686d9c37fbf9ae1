package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * A department of the city (課・係), as its staff and partners know it. Its id is the
 * organisation of its staff accounts and a folder name on SFTP ({@code /to-city/<id>/}), so it
 * follows the organisation rule; its name is what every page shows.
 *
 * @param reception whether it receives what partners send to the city without naming a department (受付)
 * @param partners the partner organisations it works with: the only ones that may address it,
 *     and the only ones its staff send to; empty means every partner
 */
public record Department(String id, String name, boolean reception, Set<String> partners) {
    public Department {
        Account.checkOrganisation(requireNonNull(id, "id"));
        name = checkName(requireNonNull(name, "name"));
        partners = Set.copyOf(new TreeSet<>(partners));
    }

    /** A department's name as people read it: 1-40 characters, no control characters. */
    public static String checkName(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > 40) {
            throw new IllegalArgumentException("a department's name must be 1-40 characters (課の名前は1〜40文字で指定してください)");
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a department's name may not hold control characters (課の名前に制御文字は使えません)");
        }
        return stripped;
    }

    /** Whether this partner organisation may address the department (and its staff send to it). */
    public boolean worksWith(String organisation) {
        return partners.isEmpty() || partners.contains(organisation);
    }
}
