package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;

/**
 * The city's departments: who partners may address and who receives what they send ({@code
 * transfer.Exchange} reads them). Every change is audited in its own unit of work.
 */
public final class Departments {
    private final Transactions db;
    private final DepartmentStore store;
    private final Clock clock;

    public Departments(Transactions db, DepartmentStore store, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Every department, by id. */
    public List<Department> all() {
        return db.reading(store::all);
    }

    public Optional<Department> find(String id) {
        return db.reading(tx -> store.find(tx, id));
    }

    /**
     * Adds a department.
     *
     * @throws IllegalArgumentException when the id or name breaks their rules, or the id is taken
     */
    public Department add(String id, String name, String actor) {
        Account.checkOrganisation(id);
        String checked = Department.checkName(name);
        return db.writing(tx -> {
            if (!store.insert(tx, id, checked, Instant.now(clock))) {
                throw new IllegalArgumentException("department '" + id + "' already exists (課「" + id + "」は既に登録されています)");
            }
            audit(tx, actor, id, "added", Map.of("label", checked));
            return store.find(tx, id).orElseThrow();
        });
    }

    /** Renames a department; its id, and so its staff and its files, stay. */
    public Department rename(String id, String name, String actor) {
        String checked = Department.checkName(name);
        return db.writing(tx -> {
            if (!store.rename(tx, id, checked)) {
                throw unknown(id);
            }
            audit(tx, actor, id, "renamed", Map.of("label", checked));
            return store.find(tx, id).orElseThrow();
        });
    }

    /**
     * Makes the department the reception (受付) for files sent to the city without naming a
     * department: those already received, which every member of staff could read until now, and
     * those to come. Returns how many files it received that way.
     */
    public int makeReception(String id, String actor) {
        return db.writing(tx -> {
            existing(tx, id);
            int files = store.setReception(tx, id);
            audit(tx, actor, id, "reception", Map.of("count", String.valueOf(files)));
            return files;
        });
    }

    /**
     * Records that the department works with a partner organisation: from then on that
     * organisation may address only the departments linked to it.
     */
    public void link(String id, String organisation, String actor) {
        Account.checkOrganisation(organisation);
        db.writing(tx -> {
            existing(tx, id);
            if (store.link(tx, id, organisation)) {
                audit(tx, actor, id, "linked", Map.of("organisation", organisation));
            }
            return Boolean.TRUE;
        });
    }

    public void unlink(String id, String organisation, String actor) {
        db.writing(tx -> {
            existing(tx, id);
            if (store.unlink(tx, id, organisation)) {
                audit(tx, actor, id, "unlinked", Map.of("organisation", organisation));
            }
            return Boolean.TRUE;
        });
    }

    private Department existing(Tx tx, String id) {
        return store.find(tx, id).orElseThrow(() -> unknown(id));
    }

    private static IllegalArgumentException unknown(String id) {
        return new IllegalArgumentException("no department '" + id + "' (課「" + id + "」は登録されていません)");
    }

    private static void audit(Tx tx, String actor, String id, String change, Map<String, String> more) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        data.put("department", id);
        data.put("change", change);
        data.putAll(more);
        AuditOutbox.enqueue(tx, new AuditEvent(AuditType.DEPARTMENT_CHANGED, actor, "", "", data));
    }
}
