package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcDepartmentStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.policies.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25: the city's departments, kept in the database, every change audited. */
class DepartmentsTest {
    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T01:00:00Z"));
    Database db;
    Departments departments;
    Items items;
    int serial;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("kakehashi.db"));
        departments = new Departments(db, new JdbcDepartmentStore(), clock);
        items = new Items(db, new JdbcItemStore(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aDepartmentIsAddedRenamedAndLinkedToThePartnersItWorksWith() {
        departments.add("zeimu", " 税務課 ", "kanri");
        departments.link("zeimu", "acme", "kanri");
        departments.link("zeimu", "kita", "kanri");
        departments.unlink("zeimu", "kita", "kanri");
        departments.rename("zeimu", "税務部 税務課", "kanri");

        assertThat(departments.all()).containsExactly(new Department("zeimu", "税務部 税務課", false, Set.of("acme")));
        assertThat(QueuedAudit.events(db))
                .filteredOn(e -> e.contains("DEPARTMENT_CHANGED"))
                .hasSize(5)
                .anyMatch(e -> e.contains("\"change\":\"linked\"") && e.contains("\"organisation\":\"acme\""))
                .anyMatch(e -> e.contains("\"change\":\"renamed\"") && e.contains("税務部 税務課"));
    }

    @Test
    void badNamesAndUnknownDepartmentsAreRefusedWithTheReason() {
        departments.add("zeimu", "税務課", "kanri");

        assertThatThrownBy(() -> departments.add("zeimu", "別の課", "kanri")).hasMessageContaining("既に登録されています");
        assertThatThrownBy(() -> departments.add("Zeimu 2", "税務課", "kanri")).hasMessageContaining("組織IDは半角英小文字");
        assertThatThrownBy(() -> departments.add("kodomo", "  ", "kanri")).hasMessageContaining("1〜40文字");
        assertThatThrownBy(() -> departments.add("kodomo", "子ども\u0007家庭課", "kanri"))
                .hasMessageContaining("制御文字");
        assertThatThrownBy(() -> departments.link("no-such", "acme", "kanri"))
                .hasMessageContaining("課「no-such」は登録されていません");
        assertThat(departments.all()).hasSize(1);
    }

    /** Files sent before departments, which every member of staff could read, go to the reception once there is one. */
    @Test
    void theReceptionReceivesTheFilesNobodyAddressedAndOnlyThose() {
        departments.add("somu", "総務課", "kanri");
        departments.add("zeimu", "税務課", "kanri");
        TransferItem unaddressed = received("internet->lgwan", Optional.empty());
        TransferItem forZeimu = received("internet->lgwan", Optional.of("zeimu"));
        TransferItem outbound = received("lgwan->internet", Optional.empty());

        assertThat(departments.makeReception("somu", "kanri")).isEqualTo(1);

        assertThat(items.find(unaddressed.id()).orElseThrow().department()).contains("somu");
        assertThat(items.find(forZeimu.id()).orElseThrow().department()).contains("zeimu");
        assertThat(items.find(outbound.id()).orElseThrow().department()).isEmpty();
        departments.makeReception("zeimu", "kanri");
        assertThat(departments.all())
                .as("one reception at a time")
                .extracting(Department::id, Department::reception)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("somu", false),
                        org.assertj.core.groups.Tuple.tuple("zeimu", true));
        assertThat(QueuedAudit.events(db))
                .anyMatch(e -> e.contains("\"change\":\"reception\"") && e.contains("\"count\":\"1\""));
    }

    private TransferItem received(String flow, Optional<String> department) {
        StoredBlob blob = new StoredBlob(new BlobId("b".repeat(32)), 10, "0".repeat(64));
        return items.insertReceived(
                String.format("%024d", ++serial), Flow.parse(flow), "acme-user", "acme", department, "資料.txt", blob);
    }
}
