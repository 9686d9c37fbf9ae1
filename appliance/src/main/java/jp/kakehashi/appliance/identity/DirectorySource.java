package jp.kakehashi.appliance.identity;

/**
 * The municipality's directory (Active Directory or OpenLDAP) as a source of staff accounts: it
 * proves a person's password and says, each time it is asked, whether they are still enabled and
 * what role, 課 and groups their directory groups give them. {@link Accounts} asks it for LGWAN
 * sign-ins of names that are not local accounts, and at every request of a signed-in directory
 * account; it keeps nothing. {@link #NONE} is a municipality without one.
 */
public interface DirectorySource extends AutoCloseable {
    /** No directory: every account is local. */
    DirectorySource NONE = new DirectorySource() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public Answer signIn(String name, char[] password) {
            return new Answer.Refused(Refusal.NOT_FOUND);
        }

        @Override
        public Answer lookup(String name) {
            return new Answer.Refused(Refusal.NOT_FOUND);
        }
    };

    boolean configured();

    /** Closes the connections to the directory, if any. */
    @Override
    default void close() {}

    /** Finds the person by their sign-in name and binds as them with the password. */
    Answer signIn(String name, char[] password);

    /** The person as the directory describes them now, without their password. */
    Answer lookup(String name);

    /** What the directory said. */
    sealed interface Answer {
        /** An enabled person the mapping gives a role (and, for staff, a 課). */
        record Found(DirectoryPerson person) implements Answer {}

        record Refused(Refusal why) implements Answer {}

        /** The directory could not be asked (down, TLS refused, timed out): nobody is let in on its word. */
        record Unavailable(String detail) implements Answer {}
    }

    /** Why the directory did not vouch for a person; the words appear in the audit trail. */
    enum Refusal {
        /** No entry matches the sign-in name (deleted, or never there). */
        NOT_FOUND,
        /** The password was wrong. */
        PASSWORD,
        /** The directory marks the account disabled or locked. */
        DISABLED,
        /** The person is in none of the groups mapped to a role. */
        NO_ROLE,
        /** Staff in none of the groups mapped to a 課. */
        NO_DEPARTMENT
    }
}
