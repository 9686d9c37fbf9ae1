package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * The administrators' side: accounts (invitations, password links, disabling, authenticator
 * resets) and the appliance's health. Every change is audited by the implementation with the
 * administrator as its actor.
 */
public interface Administration {
    /** Every account, by name. */
    List<AccountView> accounts();

    Optional<AccountView> account(String name);

    /** Creates an account with no password and issues its invitation link. */
    Issuance invite(User admin, NewAccount account);

    /** Issues a link with which the account's person sets a new password. */
    Issuance resetPassword(User admin, String name);

    Verdict setEnabled(User admin, String name, boolean enabled);

    /** Forgets the account's authenticator; it enrols a new one at its next sign-in. */
    Verdict resetSecondFactor(User admin, String name);

    Health health();

    /** The city's departments (課), by id. */
    List<DepartmentView> departments();

    /** The partner organisations that have accounts, with their 団体名: what a department may be linked to. */
    List<OrganisationView> partnerOrganisations();

    /** Gives a partner organisation the name people know it by. */
    Verdict nameOrganisation(User admin, String organisation, String name);

    /** Adds a department; refused with the reason for a bad or taken id or a bad name. */
    Verdict addDepartment(User admin, String id, String name);

    /** Links the department to a partner organisation it works with, or unlinks it. */
    Verdict linkPartner(User admin, String department, String organisation, boolean linked);

    /** Makes the department the reception (受付) for files sent to no department. */
    Verdict makeReception(User admin, String department);
}
