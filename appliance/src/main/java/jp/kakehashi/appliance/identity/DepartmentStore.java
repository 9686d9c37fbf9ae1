package jp.kakehashi.appliance.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Tx;

/** Where departments and the partners each works with are kept: the port {@link Departments} works through. */
public interface DepartmentStore {
    /** Every department, by id. */
    List<Department> all(Tx tx);

    Optional<Department> find(Tx tx, String id);

    /** Adds a department that works with every partner; false when the id is taken. */
    boolean insert(Tx tx, String id, String name, Instant at);

    /** Renames a department; false when there is none of that id. */
    boolean rename(Tx tx, String id, String name);

    /**
     * Makes this department the reception (受付), and addresses to it every file partners sent
     * to the city without naming a department; returns how many such files it now has.
     */
    int setReception(Tx tx, String id);

    /** Records that the department works with the organisation; false when it already did. */
    boolean link(Tx tx, String id, String organisation);

    /** Forgets that the department works with the organisation; false when it did not. */
    boolean unlink(Tx tx, String id, String organisation);
}
