package jp.kakehashi.appliance.notify;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Transactions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the queued notices to the mail relay, oldest first, each in UTF-8 MIME, and once a day
 * gathers the notices of those who asked for a daily mail into one per person. A relay that
 * refuses or is down is tried again later, waiting longer each time; after the last attempt the
 * notice is given up and audited (MAIL_FAILED, to whom and why, never its text).
 */
public final class Mailer {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    private static final int ATTEMPTS = 8;
    private static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final LocalTime MORNING = LocalTime.of(8, 0);

    private final Transactions db;
    private final MailStore store;
    private final MailSettings settings;
    private final Clock clock;
    private final Session session;
    private volatile @Nullable LocalDate lastDigest;

    public Mailer(Transactions db, MailStore store, MailSettings settings, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.relay().address().getHostAddress());
        p.setProperty("mail.smtp.port", String.valueOf(settings.relay().port()));
        p.setProperty("mail.smtp.starttls.enable", String.valueOf(settings.startTls()));
        p.setProperty("mail.smtp.starttls.required", String.valueOf(settings.startTls()));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
        p.setProperty("mail.smtp.timeout", String.valueOf(TIMEOUT.toMillis()));
        p.setProperty("mail.smtp.writetimeout", String.valueOf(TIMEOUT.toMillis()));
        this.session = Session.getInstance(p);
    }

    /**
     * The mail job's step: the day's digests once the morning has come (08:00 JST), then whatever
     * is due. A restart later in the day may gather once more what came since; nothing twice.
     */
    public void tick() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), JST);
        if (!now.toLocalTime().isBefore(MORNING) && !now.toLocalDate().equals(lastDigest)) {
            gatherDigests();
            lastDigest = now.toLocalDate();
        }
        sendDue();
    }

    /**
     * Gathers each recipient's notices waiting for the daily digest into one mail, queued to go at
     * once (and retried like any other); returns how many digests were made.
     */
    public int gatherDigests() {
        Instant now = Instant.now(clock);
        return db.writing(tx -> {
            Map<String, List<MailStore.Queued>> byRecipient = new TreeMap<>();
            for (MailStore.Queued q : store.digests(tx)) {
                byRecipient
                        .computeIfAbsent(q.notice().recipient(), r -> new ArrayList<>())
                        .add(q);
            }
            byRecipient.forEach((recipient, notices) -> {
                StringBuilder body = new StringBuilder(
                        "架け橋からの本日のお知らせ（" + notices.size() + " 件） / " + notices.size() + " notice(s) from Kakehashi\n");
                for (MailStore.Queued q : notices) {
                    body.append("\n■ ")
                            .append(q.notice().subject())
                            .append("\n\n")
                            .append(q.notice().body())
                            .append('\n');
                    store.sent(tx, q.id(), now);
                }
                store.enqueue(
                        tx,
                        new Notice(
                                recipient,
                                "【架け橋】本日のお知らせ（" + notices.size() + " 件） / Today's notices",
                                body + Notices.SIGNATURE),
                        now,
                        false);
            });
            return byRecipient.size();
        });
    }

    /** Sends what is due; returns how many were handed over. */
    public int sendDue() {
        int sent = 0;
        for (MailStore.Queued q : db.reading(tx -> store.due(tx, Instant.now(clock), 50))) {
            try {
                Transport.send(message(q.notice()));
                db.writing(tx -> {
                    store.sent(tx, q.id(), Instant.now(clock));
                    return Boolean.TRUE;
                });
                sent++;
            } catch (MessagingException | RuntimeException e) {
                failed(q, String.valueOf(e.getMessage()));
            }
        }
        return sent;
    }

    private void failed(MailStore.Queued q, String error) {
        int attempts = q.attempts() + 1;
        Instant now = Instant.now(clock);
        db.writing(tx -> {
            if (attempts >= ATTEMPTS) {
                store.abandoned(tx, q.id(), error, now);
                AuditOutbox.enqueue(
                        tx,
                        new AuditEvent(
                                AuditType.MAIL_FAILED,
                                "system",
                                "lgwan",
                                "",
                                Map.of(
                                        "recipient",
                                        q.notice().recipient(),
                                        "error",
                                        error,
                                        "count",
                                        String.valueOf(attempts))));
            } else {
                store.failed(tx, q.id(), attempts, error, now.plus(FIRST_WAIT.multipliedBy(1L << (attempts - 1))));
            }
            return Boolean.TRUE;
        });
        log.warn(
                "the mail relay did not take a notice to {} (attempt {}): {}",
                q.notice().recipient(),
                attempts,
                error);
    }

    private MimeMessage message(Notice n) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(settings.from()));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(n.recipient()));
        m.setSubject(n.subject(), "UTF-8");
        m.setText(n.body(), "UTF-8");
        m.setSentDate(Date.from(Instant.now(clock)));
        return m;
    }
}
