package jp.kakehashi.appliance.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.kakehashi.appliance.MovableClock;
import jp.kakehashi.appliance.jdbc.JdbcMailStore;
import jp.kakehashi.appliance.net.Endpoint;
import jp.kakehashi.appliance.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25: the mail job sends what is due at once, and the daily digests only once the morning
 * has come (08:00 JST), through a real SMTP server on loopback.
 */
class MailerTest {
    @TempDir
    Path tmp;

    @Test
    void theDigestWaitsForTheMorningAndGoesOnce() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // 2026-12-07 07:59 JST
        MovableClock clock = new MovableClock(Instant.parse("2026-12-06T22:59:00Z"));
        JdbcMailStore store = new JdbcMailStore();
        try (Database db = Database.open(tmp.resolve("kakehashi.db"))) {
            Mailer mailer = new Mailer(
                    db,
                    store,
                    new MailSettings(
                            new Endpoint(
                                    InetAddress.getLoopbackAddress(),
                                    smtp.getSmtp().getPort()),
                            "kakehashi@city.example.lg.jp",
                            false),
                    clock);
            db.writing(tx -> {
                store.enqueue(
                        tx, new Notice("suzuki@city.example.lg.jp", "届きました: a.txt", "本文 a"), clock.instant(), true);
                store.enqueue(
                        tx, new Notice("suzuki@city.example.lg.jp", "届きました: b.txt", "本文 b"), clock.instant(), true);
                store.enqueue(tx, new Notice("kato@city.example.lg.jp", "承認の依頼", "本文 c"), clock.instant(), false);
                return Boolean.TRUE;
            });

            mailer.tick();
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(smtp.getReceivedMessages())
                    .as("before 08:00 only the notice for one who wants each at once")
                    .extracting(m -> m.getAllRecipients()[0].toString())
                    .containsExactly("kato@city.example.lg.jp");

            clock.advance(Duration.ofMinutes(1));
            mailer.tick();
            mailer.tick();
            assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
            assertThat(smtp.getReceivedMessages()).as("one digest, once").hasSize(2);
            var digest = smtp.getReceivedMessages()[1];
            assertThat(digest.getAllRecipients()[0].toString()).isEqualTo("suzuki@city.example.lg.jp");
            assertThat(digest.getSubject()).isEqualTo("【架け橋】本日のお知らせ（2 件） / Today's notices");
            assertThat((String) digest.getContent()).contains("■ 届きました: a.txt", "本文 a", "■ 届きました: b.txt", "本文 b");
        } finally {
            smtp.stop();
        }
    }
}
