package jp.kakehashi.appliance.jdbc;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.identity.Department;
import jp.kakehashi.appliance.identity.DepartmentStore;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;

/** {@link DepartmentStore} over the {@code departments} and {@code department_partners} tables. */
public final class JdbcDepartmentStore implements DepartmentStore {
    private record Row(String id, String name, boolean reception) {}

    @Override
    public List<Department> all(Tx tx) {
        // Two queries however many departments: every page and drop asks the exchange's rules.
        Map<String, Set<String>> partners = new HashMap<>();
        Sql.list(
                        tx,
                        "SELECT department, organisation FROM department_partners",
                        rs -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> partners.computeIfAbsent(e.getKey(), k -> new HashSet<>())
                        .add(e.getValue()));
        return Sql.list(
                tx,
                "SELECT id, name, reception FROM departments ORDER BY id",
                rs -> new Department(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3) == 1,
                        partners.getOrDefault(rs.getString(1), Set.of())));
    }

    @Override
    public Optional<Department> find(Tx tx, String id) {
        return Sql.one(
                        tx,
                        "SELECT id, name, reception FROM departments WHERE id = ?",
                        rs -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3) == 1),
                        id)
                .map(r -> department(tx, r));
    }

    private static Department department(Tx tx, Row r) {
        Set<String> partners = new HashSet<>(Sql.list(
                tx,
                "SELECT organisation FROM department_partners WHERE department = ?",
                rs -> rs.getString(1),
                r.id()));
        return new Department(r.id(), r.name(), r.reception(), partners);
    }

    @Override
    public boolean insert(Tx tx, String id, String name, Instant at) {
        return Sql.update(
                        tx,
                        "INSERT INTO departments (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        id,
                        name,
                        at)
                == 1;
    }

    @Override
    public boolean rename(Tx tx, String id, String name) {
        return Sql.update(tx, "UPDATE departments SET name = ? WHERE id = ?", name, id) == 1;
    }

    @Override
    public int setReception(Tx tx, String id) {
        Sql.update(tx, "UPDATE departments SET reception = 0 WHERE reception = 1");
        Sql.update(tx, "UPDATE departments SET reception = 1 WHERE id = ?", id);
        return Sql.update(
                tx,
                "UPDATE items SET department = ? WHERE department IS NULL AND folder IS NULL AND flow = ?",
                id,
                new Flow(Zone.INTERNET, Zone.LGWAN).toString());
    }

    @Override
    public boolean link(Tx tx, String id, String organisation) {
        return Sql.update(
                        tx,
                        "INSERT INTO department_partners (department, organisation) VALUES (?, ?)"
                                + " ON CONFLICT (department, organisation) DO NOTHING",
                        id,
                        organisation)
                == 1;
    }

    @Override
    public boolean unlink(Tx tx, String id, String organisation) {
        return Sql.update(
                        tx,
                        "DELETE FROM department_partners WHERE department = ? AND organisation = ?",
                        id,
                        organisation)
                == 1;
    }
}
