package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

/** Where a person may send a file: each front end names these its own way (a folder, a form field). */
public sealed interface Address {
    /**
     * The city without naming a department, for a partner the city has linked to none: its
     * reception (受付) department, or every member of staff when it has none.
     */
    record City() implements Address {}

    /** One of the city's departments (課), for a partner it works with. */
    record Department(String id) implements Address {
        public Department {
            requireNonNull(id, "id");
        }
    }

    /** One person of a department (by account), for a partner it works with: they alone receive the file. */
    record Person(String department, String account) implements Address {
        public Person {
            requireNonNull(department, "department");
            requireNonNull(account, "account");
        }
    }

    /** A partner organisation on the internet side, for staff. */
    record Partner(String organisation) implements Address {
        public Partner {
            requireNonNull(organisation, "organisation");
        }
    }

    /** The My Number zone (マイナンバー利用事務系), for staff. */
    record MyNumber() implements Address {}
}
