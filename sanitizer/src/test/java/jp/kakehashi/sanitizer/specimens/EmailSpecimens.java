package jp.kakehashi.sanitizer.specimens;

import static jp.kakehashi.sanitizer.Verdict.CLEAN;
import static jp.kakehashi.sanitizer.Verdict.QUARANTINED;
import static jp.kakehashi.sanitizer.Verdict.SANITIZED;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * E-mail specimens (.eml): the body and each attachment carry an attack, written as raw MIME the
 * way a mail client or an attacker writes it (ISO-2022-JP subjects, RFC 2231 file names,
 * nested messages).
 */
public final class EmailSpecimens {
    private static final Charset JIS = Charset.forName("ISO-2022-JP");

    private EmailSpecimens() {}

    public static List<Specimen> all() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen(
                "EML-00",
                "見積書送付.eml",
                mail(text("見積書をお送りします。"), attachment("見積書.docx", HostileSpecimens.docx("見積書"))),
                CLEAN,
                ""));
        s.add(new Specimen(
                "EML-01",
                "お知らせ.eml",
                mail(html("<p>ご案内</p><script>location='http://evil.example/'</script><img src=x onerror=alert(1)>")),
                SANITIZED,
                "script"));
        s.add(new Specimen(
                "EML-02",
                "集計.eml",
                mail(
                        text("集計表です。"),
                        attachment("集計.xlsm", HostileSpecimens.macro(HostileSpecimens.xlsx("集計"), "xl", "workbook"))),
                SANITIZED,
                "macro"));
        s.add(new Specimen(
                "EML-03",
                "請求書.eml",
                mail(text("請求書を確認してください。"), attachment("請求書.pdf.exe", new byte[] {'M', 'Z', 0, 0, 0, 0})),
                SANITIZED,
                "member-removed"));
        s.add(new Specimen(
                "EML-04",
                "資料.eml",
                mail(
                        text("パスワードは別送します。"),
                        attachment(
                                "資料.zip",
                                HostileSpecimens.encryptedZip(
                                        java.util.Map.of("名簿.csv", "氏名\n山田\n".getBytes(StandardCharsets.UTF_8)),
                                        "password",
                                        true))),
                QUARANTINED,
                "ENCRYPTED_CONTENT"));
        s.add(new Specimen(
                "EML-05",
                "転送.eml",
                mail(
                        text("転送します。"),
                        "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"fwd.eml\"\r\n\r\n"
                                + new String(
                                        mail(
                                                text("元のメール"),
                                                attachment(
                                                        "予算.xlsm",
                                                        HostileSpecimens.macro(
                                                                HostileSpecimens.xlsx("予算"), "xl", "workbook"))),
                                        StandardCharsets.US_ASCII)),
                SANITIZED,
                "macro"));
        s.add(new Specimen(
                "EML-06",
                "連絡.eml",
                mail(
                        text("ご確認ください。"),
                        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                                + "Content-Disposition: attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82.js\r\n\r\n"
                                + Base64.getMimeEncoder()
                                        .encodeToString("WScript.Shell".getBytes(StandardCharsets.US_ASCII))
                                + "\r\n"),
                SANITIZED,
                "member-removed"));
        s.add(new Specimen(
                "EML-07",
                "暗号化.eml",
                mail("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\r\n"),
                QUARANTINED,
                "ENCRYPTED_CONTENT"));
        return s;
    }

    /** A message from a contractor with the given parts, the subject in ISO-2022-JP as Japanese clients send it. */
    public static byte[] mail(String... parts) {
        String boundary =
                "----=_Part_" + Integer.toHexString(String.join("", parts).hashCode());
        StringBuilder m = new StringBuilder()
                .append("From: =?ISO-2022-JP?B?")
                .append(Base64.getEncoder().encodeToString("山田".getBytes(JIS)))
                .append("?= <yamada@contractor.example.co.jp>\r\n")
                .append("To: kikaku@city.example.lg.jp\r\n")
                .append("Subject: =?ISO-2022-JP?B?")
                .append(Base64.getEncoder().encodeToString("資料送付".getBytes(JIS)))
                .append("?=\r\n")
                .append("Date: Mon, 23 Nov 2026 10:00:00 +0900\r\n")
                .append("Message-ID: <")
                .append(boundary.substring(8))
                .append("@contractor.example.co.jp>\r\n")
                .append("X-Tracking: http://evil.example/open.gif\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"")
                .append(boundary)
                .append("\"\r\n\r\n");
        for (String part : parts) {
            m.append("--").append(boundary).append("\r\n").append(part).append("\r\n");
        }
        m.append("--").append(boundary).append("--\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static String text(String body) {
        return "Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(body.getBytes(JIS)) + "\r\n";
    }

    static String html(String body) {
        return "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder()
                        .encodeToString(("<html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    }

    public static String attachment(String name, byte[] content) {
        String encoded =
                "=?UTF-8?B?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
        return "Content-Type: application/octet-stream; name=\"" + encoded + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + encoded + "\"\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content) + "\r\n";
    }
}
