package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * A person as the directory describes them, already mapped: the account they become.
 *
 * @param name the sign-in name, lower-cased, valid as an account name
 * @param dn the entry's distinguished name, kept so that an administrator can tell where it came from
 * @param organisation the 課 for staff; for officers and administrators their 課 if mapped, otherwise {@code city}
 * @param groups the policy groups ({@code kacho} ...) the directory groups map to
 */
public record DirectoryPerson(
        String name,
        String dn,
        Role role,
        String organisation,
        Set<String> groups,
        Optional<String> displayName,
        Optional<String> email) {
    /** The organisation of officers and administrators whose directory groups name no 課. */
    public static final String CITY = "city";

    public DirectoryPerson {
        Account.checkName(name);
        requireNonNull(dn, "dn");
        requireNonNull(role, "role");
        Account.checkOrganisation(organisation);
        groups = Set.copyOf(groups);
        groups.forEach(Account::checkGroup);
        requireNonNull(displayName, "displayName");
        requireNonNull(email, "email");
    }
}
