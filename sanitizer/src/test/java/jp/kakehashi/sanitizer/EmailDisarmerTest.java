package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.kakehashi.sanitizer.specimens.EmailSpecimens;
import jp.kakehashi.sanitizer.specimens.Specimen;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E-mail rebuild: what a member of staff still reads, and what the verifier refuses on its own. */
class EmailDisarmerTest {
    private final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void theRebuiltMailKeepsItsJapaneseSubjectBodyAndAttachmentNameAndDropsTrackingHeaders() throws Exception {
        DisarmResult.Disarmed d = disarm("EML-02");
        assertThat(d.mediaType()).isEqualTo("message/rfc822");
        assertThat(d.removals()).extracting(Removal::detail).anyMatch(r -> r.startsWith("集計.xlsm: "));
        Message mail;
        try (InputStream in = Files.newInputStream(d.output())) {
            mail = new DefaultMessageBuilder().parseMessage(in);
        }
        assertThat(mail.getSubject()).isEqualTo("資料送付");
        assertThat(mail.getFrom().get(0).getName()).isEqualTo("山田");
        assertThat(mail.getHeader().getField("X-Tracking")).isNull();
        List<Entity> parts = ((Multipart) mail.getBody()).getBodyParts();
        String body;
        try (var reader = ((TextBody) parts.get(0).getBody()).getReader()) {
            body = new java.io.BufferedReader(reader).readLine();
        }
        assertThat(body).isEqualTo("集計表です。");
        assertThat(parts.get(1).getFilename()).isEqualTo("集計.xlsx");
    }

    @Test
    void theVerifierRefusesScriptsInHtmlAndProgramAttachmentsOnItsOwn() throws Exception {
        for (String id : List.of("EML-01", "EML-03", "EML-06")) {
            Path raw = dir.resolve(id + ".eml");
            Files.write(raw, specimen(id).content());
            assertThat(new Verifier(1000).problem(raw, "message/rfc822")).as(id).isPresent();
        }
    }

    @Test
    void anHtmlBodyInIso2022JpComesOutAsUtf8WithItsTextAndWithoutItsScript() throws Exception {
        String html = "Content-Type: text/html; charset=ISO-2022-JP\r\n\r\n"
                + new String(
                        "<p>会議のご案内</p><script>alert(1)</script>"
                                .getBytes(java.nio.charset.Charset.forName("ISO-2022-JP")),
                        StandardCharsets.ISO_8859_1);
        Path in = dir.resolve("案内.eml");
        Files.write(in, EmailSpecimens.mail(html));
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, "案内.eml"), dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        String out = Files.readString(((DisarmResult.Disarmed) r).output(), StandardCharsets.ISO_8859_1);
        assertThat(out).contains("charset=UTF-8").doesNotContain("alert(1)");
        Message mail;
        try (InputStream stream = Files.newInputStream(((DisarmResult.Disarmed) r).output())) {
            mail = new DefaultMessageBuilder().parseMessage(stream);
        }
        Entity part = ((Multipart) mail.getBody()).getBodyParts().get(0);
        try (InputStream body = ((org.apache.james.mime4j.dom.SingleBody) part.getBody()).getInputStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("会議のご案内");
        }
    }

    /**
     * ISSUE 28: a mail saved by Thunderbird starts with an mbox {@code From } line; Tika calls it
     * {@code application/mbox} and it was refused. One message is a mail: it is detected, rebuilt
     * and read as one, without that line. Two messages are a mailbox and stay refused by type.
     */
    @Test
    void aMailSavedWithAnMboxFromLineIsAMailAndAMailboxOfTwoIsNot() throws Exception {
        byte[] mail = EmailSpecimens.mail(EmailSpecimens.text("集計表です。"));
        byte[] saved = concat("From - Mon Dec 07 10:00:00 2026\r\n".getBytes(StandardCharsets.US_ASCII), mail);
        Path in = dir.resolve("資料送付.eml");
        Files.write(in, saved);
        Detection detected = sanitizer.detect(in, "資料送付.eml");
        assertThat(detected.mediaType()).isEqualTo("message/rfc822");
        DisarmResult r = sanitizer.disarm(in, detected, dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        Path out = ((DisarmResult.Disarmed) r).output();
        assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).doesNotStartWith("From ");
        Message rebuilt;
        try (InputStream stream = Files.newInputStream(out)) {
            rebuilt = new DefaultMessageBuilder().parseMessage(stream);
        }
        assertThat(rebuilt.getSubject()).isEqualTo("資料送付");
        assertThat(rebuilt.getFrom().get(0).getName()).isEqualTo("山田");

        Path box = dir.resolve("受信箱.eml");
        Files.write(
                box,
                concat(saved, "\r\nFrom - Tue Dec 08 10:00:00 2026\r\n".getBytes(StandardCharsets.US_ASCII), mail));
        assertThat(sanitizer.detect(box, "受信箱.eml").mediaType()).isEqualTo("application/mbox");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private DisarmResult.Disarmed disarm(String id) throws Exception {
        Path in = dir.resolve(id + ".eml");
        Files.write(in, specimen(id).content());
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, id + ".eml"), dir);
        assertThat(r).as(id).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }

    private static Specimen specimen(String id) {
        return EmailSpecimens.all().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
