package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

/** Where a person may send a file: each front end names these its own way (a folder, a form field). */
public sealed interface Address {
    /** The city: its staff on the LGWAN side, for a partner. */
    record City() implements Address {}

    /** A partner organisation on the internet side, for staff. */
    record Partner(String organisation) implements Address {
        public Partner {
            requireNonNull(organisation, "organisation");
        }
    }

    /** The My Number zone (マイナンバー利用事務系), for staff. */
    record MyNumber() implements Address {}
}
