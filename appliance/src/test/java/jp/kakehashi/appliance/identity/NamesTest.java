package jp.kakehashi.appliance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.QueuedAudit;
import jp.kakehashi.appliance.jdbc.JdbcDepartmentStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25: people, partners and departments by the names people know them by; the id where none was given. */
class NamesTest {
    @TempDir
    Path tmp;

    @Test
    void namesStandInForIdsAndBadOnesAreRefusedWithTheReason() {
        try (Database db = Database.open(tmp.resolve("kakehashi.db"))) {
            Accounts accounts = new Accounts(
                    db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), Clock.systemUTC());
            Departments departments = new Departments(db, new JdbcDepartmentStore(), Clock.systemUTC());
            Names names = new Names(accounts, departments);
            accounts.create(
                    new Account("acme-sato", Role.PARTNER, "acme", List.of(), false),
                    Optional.of("a long passphrase".toCharArray()),
                    "test");
            assertThat(names.person("acme-sato")).isEqualTo("acme-sato");
            assertThat(names.organisation("acme")).isEqualTo("acme");
            assertThat(names.department("zeimu")).isEqualTo("zeimu");

            accounts.setDisplayName("acme-sato", Optional.of(" 佐藤 健 "), "kanri");
            accounts.nameOrganisation("acme", "株式会社アクメ", "kanri");
            departments.add("zeimu", "税務課", "kanri");
            assertThat(names.person("acme-sato")).isEqualTo("佐藤 健");
            assertThat(names.organisation("acme")).isEqualTo("株式会社アクメ");
            assertThat(names.department("zeimu")).isEqualTo("税務課");

            assertThatThrownBy(() -> accounts.setDisplayName("acme-sato", Optional.of("佐藤\n健"), "kanri"))
                    .hasMessageContaining("制御文字");
            assertThatThrownBy(() -> accounts.nameOrganisation("acme", "あ".repeat(61), "kanri"))
                    .hasMessageContaining("1〜60文字");
            assertThatThrownBy(() -> accounts.setDisplayName("nobody", Optional.of("誰か"), "kanri"))
                    .hasMessageContaining("アカウントがありません");
            accounts.setDisplayName("acme-sato", Optional.empty(), "kanri");
            assertThat(names.person("acme-sato")).as("cleared").isEqualTo("acme-sato");
            assertThat(QueuedAudit.types(db)).contains("NAME_CHANGED");
        }
    }
}
