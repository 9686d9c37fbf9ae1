package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kakehashi up} on data it must not run on (ATTACKS F-12, F-13): it refuses in one line
 * that names the file and the way back, and leaves the data as it found it: no new key, no new
 * database, nothing recreated.
 */
@Timeout(120)
class StartRefusalsTest {
    @TempDir
    Path dir;

    private Path config;
    private DataDir data;

    /** An appliance that has started once: an account, the database, its master key recorded. */
    @BeforeEach
    void startedOnce() throws Exception {
        // Nothing listens on port 1: every refusal below comes before the scanner is asked.
        config = DaemonProcess.writeConfig(dir, "tcp://127.0.0.1:1");
        data = new DataDir(DaemonProcess.dataDir(dir));
        CliRunner.Run added = CliRunner.run(
                ApplianceHarness.PASSWORD + "\n",
                "user",
                "add",
                "tanaka",
                "--role",
                "staff",
                "--org",
                "somu",
                "--password-stdin",
                "--config",
                config.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        try (Database db = Database.open(data.database())) {
            MasterKey.forData(db, data.masterKey(), new SecureRandom());
        }
    }

    @Test
    void aMissingMasterKeyIsNamedNotReplaced() throws Exception {
        Files.delete(data.masterKey());

        CliRunner.Run up = up();

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err())
                .contains("master key " + data.masterKey() + " is missing")
                .contains("restore the key from backup")
                .contains("マスター鍵")
                .contains("バックアップから復元")
                .doesNotContain("\tat ");
        assertThat(data.masterKey()).doesNotExist();
    }

    @Test
    void anotherAppliancesMasterKeyIsRefusedAtStart() throws Exception {
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(data.masterKey(), other);

        CliRunner.Run up = up();

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err())
                .contains("master key " + data.masterKey() + " is not the key this data was written with")
                .contains("一致しません")
                .doesNotContain("\tat ");
        assertThat(Files.readAllBytes(data.masterKey())).isEqualTo(other);
        CliRunner.Run reset = CliRunner.run("", "user", "reset", "tanaka", "--totp", "--config", config.toString());
        assertThat(reset.exit()).isEqualTo(1);
        assertThat(reset.err()).contains("is not the key this data was written with");
    }

    @Test
    void aDamagedDatabaseIsRefusedWithARestoreHintAndLeftAsItWas() throws Exception {
        byte[] database = Files.readAllBytes(data.database());
        assertThat(database.length).isGreaterThan(3 * 4096);
        // Page 1 (the schema) stays; every page after it is overwritten, as a failing disk would.
        byte[] damaged = database.clone();
        Arrays.fill(damaged, 4096, damaged.length, (byte) 0x5a);
        Files.write(data.database(), damaged);

        CliRunner.Run up = up();

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err())
                .contains("database " + data.database() + " failed its integrity check")
                .contains("restore it from backup")
                .contains("データベースが破損しています")
                .doesNotContain("\tat ");
        assertThat(Files.readAllBytes(data.database())).isEqualTo(damaged);
    }

    @Test
    void aDatabaseAnotherProcessHoldsIsRefusedAfterBoundedRetries() throws Exception {
        long waited;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + data.database());
                Statement s = other.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("BEGIN IMMEDIATE");
            long started = System.nanoTime();
            CliRunner.Run up = up();
            waited = System.nanoTime() - started;
            s.execute("ROLLBACK");

            assertThat(up.exit()).isEqualTo(1);
            assertThat(up.err())
                    .contains("database " + data.database() + " stayed locked by another process")
                    .contains("is another kakehashi running on this data directory?")
                    .contains("他のプロセスに使用されています")
                    .doesNotContain("\tat ");
        }
        assertThat(Duration.ofNanos(waited)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
        try (Database db = Database.open(data.database())) {
            assertThat(new Accounts(
                                    db,
                                    new JdbcIdentityStore(),
                                    new PasswordHasher(new SecureRandom()),
                                    Clock.systemUTC())
                            .find("tanaka"))
                    .isPresent();
        }
    }

    private CliRunner.Run up() {
        return CliRunner.run("", "up", "--config", config.toString());
    }
}
