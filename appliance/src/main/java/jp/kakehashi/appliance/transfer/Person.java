package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.policies.Zone;

/** Someone signed in, as the exchange's rules see them: their name, role and organisation. */
public record Person(String name, Role role, String organisation) {
    public Person {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(organisation, "organisation");
    }

    public static Person of(Account account) {
        return new Person(account.name(), account.role(), account.organisation());
    }

    public Zone zone() {
        return role.zone();
    }
}
