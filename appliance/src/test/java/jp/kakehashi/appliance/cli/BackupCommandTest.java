package jp.kakehashi.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 on the command line as the IT team runs it: keys export for the safe, backup, verify,
 * restore into an empty directory; each refusal says why in Japanese and English, and each step is
 * in the audit trail.
 */
class BackupCommandTest {
    private static final String PASSPHRASE = "金庫の中のとても長い合言葉";

    @TempDir
    Path tmp;

    @Test
    void theOperatorBacksUpChecksAndRestoresFromTheCommandLine() throws Exception {
        Path data = dataWithOneAccount();
        try (Database db = Database.open(new DataDir(data).database())) {
            MasterKey.forData(db, new DataDir(data).masterKey(), new SecureRandom());
        }
        Path keys = tmp.resolve("kakehashi.keys");
        Path dest = tmp.resolve("nas");

        CliRunner.Run export = CliRunner.run(
                PASSPHRASE + "\n",
                "keys",
                "export",
                keys.toString(),
                "--passphrase-stdin",
                "--data-dir",
                data.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("鍵を書き出しました");
        CliRunner.Run weak = CliRunner.run(
                "short\n",
                "keys",
                "export",
                tmp.resolve("weak.keys").toString(),
                "--passphrase-stdin",
                "--data-dir",
                data.toString());
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.err()).contains("パスフレーズが弱すぎます").contains("too weak");

        CliRunner.Run backup = CliRunner.run("", "backup", dest.toString(), "--data-dir", data.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("バックアップを作成しました / backup written: snapshot ");

        CliRunner.Run verify = CliRunner.run("", "backup", "verify", dest.toString(), "--data-dir", data.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK: snapshot ").contains("this appliance's audit key");
        CliRunner.Run wrong = CliRunner.run(
                "違う合言葉をここに入れます\n",
                "backup",
                "verify",
                dest.toString(),
                "--keys",
                keys.toString(),
                "--passphrase-stdin");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.out()).contains("パスフレーズが違います").contains("wrong passphrase");
        CliRunner.Run decrypted = CliRunner.run(
                PASSPHRASE + "\n",
                "backup",
                "verify",
                dest.toString(),
                "--keys",
                keys.toString(),
                "--passphrase-stdin");
        assertThat(decrypted.exit()).as(decrypted.out()).isZero();
        assertThat(decrypted.out()).contains("the key file");

        Path restored = tmp.resolve("restored");
        CliRunner.Run noKeys = CliRunner.run("", "restore", dest.toString(), "--data-dir", restored.toString());
        assertThat(noKeys.exit()).isEqualTo(2);
        assertThat(noKeys.err()).contains("鍵ファイルが必要").contains("何も復元していません");
        CliRunner.Run restore = CliRunner.run(
                PASSPHRASE + "\n",
                "restore",
                dest.toString(),
                "--keys",
                keys.toString(),
                "--passphrase-stdin",
                "--data-dir",
                restored.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("復元しました").contains("検索索引は起動時に再構築します");
        assertThat(CliRunner.run("", "audit", "verify", "--data-dir", restored.toString())
                        .out())
                .startsWith("OK:");
        CliRunner.Run again = CliRunner.run(
                PASSPHRASE + "\n",
                "restore",
                dest.toString(),
                "--keys",
                keys.toString(),
                "--passphrase-stdin",
                "--data-dir",
                restored.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("復元先のディレクトリが空ではありません");

        List<String> types = AuditLog.readRecords(data.resolve("audit")).stream()
                .map(r -> r.path("type").asText())
                .toList();
        assertThat(types).contains("KEYS_EXPORTED", "BACKUP_CREATED");
        assertThat(AuditLog.readRecords(restored.resolve("audit")))
                .last()
                .satisfies(r -> assertThat(r.path("type").asText()).isEqualTo("BACKUP_RESTORED"));
        assertThat(Files.exists(restored.resolve("keys/master.key"))).isTrue();
    }

    @Test
    void anSftpDestinationMustBeNamedWholeAndAServerThatCannotBeReachedIsAuditedAsAFailedBackup() throws Exception {
        Path data = dataWithOneAccount();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String dest = "sftp://kakehashi@127.0.0.1:" + closed + "/backup";
        Path identity = tmp.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
                    KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256), "kakehashi-backup", null, out);
        }

        CliRunner.Run unpinned = CliRunner.run("", "backup", dest, "--data-dir", data.toString());
        assertThat(unpinned.exit()).isEqualTo(64);
        assertThat(unpinned.err()).contains("バックアップ先が正しくありません").contains("host-key");

        CliRunner.Run refused = CliRunner.run(
                "",
                "backup",
                dest,
                "--host-key",
                "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
                "--identity",
                identity.toString(),
                "--data-dir",
                data.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("バックアップ先に接続またはログインできません");
        assertThat(AuditLog.readRecords(data.resolve("audit"))).last().satisfies(r -> {
            assertThat(r.path("type").asText()).isEqualTo("BACKUP_FAILED");
            assertThat(r.path("data").path("destination").asText()).isEqualTo(dest);
            assertThat(r.path("data").path("reason").asText()).isEqualTo("DESTINATION_UNREACHABLE");
        });
    }

    /** A data directory as `kakehashi user add` leaves it: the database, the keys, one staff account. */
    private Path dataWithOneAccount() {
        Path data = tmp.resolve("data");
        CliRunner.Run add = CliRunner.run(
                "correct horse battery staple\n",
                "user",
                "add",
                "yamada",
                "--role",
                "staff",
                "--org",
                "somu",
                "--password-stdin",
                "--data-dir",
                data.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        return data;
    }
}
