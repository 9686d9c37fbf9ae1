package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.NameValuePair;
import org.jspecify.annotations.Nullable;

/**
 * E-mail (.eml, RFC 5322/MIME, CDR-NOTES §1.11): the message is rebuilt as a new {@code multipart/mixed} with its
 * addressing headers, its plain-text body as written, its HTML body through the HTML disarmer, and
 * every attachment (a nested message too) disarmed like a file of its own, one level deeper.
 * Attachments that cannot cross are left out and listed; one that would be quarantined (malware,
 * an encrypted archive) quarantines the whole message, as for a ZIP.
 *
 * <p>Headers other than the addressing ones are dropped: they route and authenticate mail on the
 * way here and mean nothing inside LGWAN, and some ({@code List-Unsubscribe}, tracking headers)
 * point outside.
 */
final class EmailDisarmer implements Disarmer {
    static final String MEDIA_TYPE = "message/rfc822";
    private static final Set<String> KEPT_HEADERS =
            Set.of("from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references");

    private static final Set<String> ENCRYPTED_TYPES = Set.of(
            "application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/encrypted", "application/pgp-encrypted");

    private final long maxBytes;

    EmailDisarmer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean container() {
        return true;
    }

    @Override
    public boolean handles(String mediaType) {
        return mediaType.equals(MEDIA_TYPE);
    }

    @Override
    public long maxInputBytes() {
        return maxBytes;
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        ArchiveLimits limits = context.archives();
        if (context.tooDeepFor(limits.maxDepth())) {
            return refused(
                    ReasonCode.ARCHIVE_TOO_DEEP, "more than " + limits.maxDepth() + " containers inside each other");
        }
        Message message;
        try (InputStream in = MboxFrom.withoutFromLine(Files.newInputStream(input))) {
            message = parser().parseMessage(in);
        } catch (MimeIOException | RuntimeException e) {
            return refused(
                    ReasonCode.MALFORMED,
                    "e-mail does not parse: " + e.getClass().getSimpleName());
        }
        try {
            return rebuild(message, output, context);
        } finally {
            message.dispose();
        }
    }

    private DefaultMessageBuilder parser() {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.custom()
                .setMaxHeaderCount(1000)
                .setMaxHeaderLen(100_000)
                .setMaxLineLen(100_000)
                .setMaxContentLen(maxBytes)
                .build());
        builder.setContentDecoding(true);
        return builder;
    }

    private DisarmResult rebuild(Message message, Path output, DisarmContext context) throws IOException {
        Path parts = Files.createTempDirectory(context.workDir(), "mail-");
        ArchiveLimits limits = context.archives();
        List<Entity> leaves = new ArrayList<>();
        if (!collect(message, leaves, 0, limits.maxEntries())) {
            return refused(
                    ReasonCode.ARCHIVE_LIMIT, "more than " + limits.maxEntries() + " parts or parts nested too deeply");
        }
        List<Removal> removals = new ArrayList<>();
        MultipartBuilder body = MultipartBuilder.create("mixed");
        int index = 0;
        for (Entity leaf : leaves) {
            index++;
            String type = leaf.getMimeType().toLowerCase(Locale.ROOT);
            boolean attachment = givenName(leaf) != null || "attachment".equalsIgnoreCase(leaf.getDispositionType());
            if (ENCRYPTED_TYPES.contains(type)) {
                return refused(ReasonCode.ENCRYPTED_CONTENT, "S/MIME or PGP encrypted e-mail");
            }
            if (!attachment && type.equals("text/plain") && leaf.getBody() instanceof TextBody text) {
                body.addBodyPart(textPart(text, leaf.getCharset()));
                continue;
            }
            String name = attachment ? fileName(leaf, index) : (type.equals("text/html") ? "本文.html" : "part-" + index);
            Path member = parts.resolve("m" + index);
            try (OutputStream out = Files.newOutputStream(member)) {
                if (!attachment && type.equals("text/html") && leaf.getBody() instanceof TextBody html) {
                    writeUtf8(html, out);
                } else {
                    write(leaf.getBody(), out);
                }
            }
            Path memberWork = Files.createDirectories(parts.resolve("w" + index));
            DisarmResult result = context.nested().disarm(member, name, context.inside(memberWork));
            switch (Members.take(name, result, removals)) {
                case Members.Outcome.RefusesContainer r -> {
                    return new DisarmResult.Refused(r.reason());
                }
                case Members.Outcome.LeftOut l -> {
                    // listed in the report by Members.take
                }
                case Members.Outcome.Kept k -> body.addBodyPart(part(k.member(), name, attachment));
            }
        }
        Message.Builder rebuilt = Message.Builder.of();
        for (Field field : message.getHeader().getFields()) {
            if (KEPT_HEADERS.contains(field.getName().toLowerCase(Locale.ROOT))) {
                rebuilt.addField(field);
            }
        }
        rebuilt.setBody(body.build());
        Message out = rebuilt.build();
        try (OutputStream file = Files.newOutputStream(output)) {
            new DefaultMessageWriter().writeMessage(out, file);
        } finally {
            out.dispose();
        }
        return new DisarmResult.Disarmed(output, MEDIA_TYPE, ".eml", Removal.merge(removals));
    }

    /** The leaf parts in reading order; false when there are too many or they nest too deeply. */
    private boolean collect(Entity entity, List<Entity> leaves, int depth, int maxEntries) {
        if (depth > 20 || leaves.size() > maxEntries) {
            return false;
        }
        if (entity.getBody() instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                if (!collect(part, leaves, depth + 1, maxEntries)) {
                    return false;
                }
            }
            return true;
        }
        leaves.add(entity);
        return true;
    }

    /** The sender's file name (RFC 2231 and encoded words decoded by the parser), NFC, or a numbered one. */
    private static String fileName(Entity leaf, int index) {
        String name = givenName(leaf);
        if (name == null || name.isBlank()) {
            String type = leaf.getMimeType().toLowerCase(Locale.ROOT);
            return "添付" + index + (type.equals(MEDIA_TYPE) ? ".eml" : "");
        }
        String leafName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return Normalizer.normalize(leafName, Normalizer.Form.NFC);
    }

    /** The name from Content-Disposition, else the older Content-Type {@code name} parameter many clients still send. */
    private static @Nullable String givenName(Entity leaf) {
        String name = leaf.getFilename();
        if (name == null && leaf.getHeader().getField("Content-Type") instanceof ContentTypeField type) {
            name = type.getParameter("name");
        }
        return name;
    }

    private static void write(Body body, OutputStream out) throws IOException {
        if (body instanceof SingleBody single) {
            try (InputStream in = single.getInputStream()) {
                in.transferTo(out);
            }
        } else if (body instanceof Message nested) {
            new DefaultMessageWriter().writeMessage(nested, out);
        }
    }

    /**
     * An HTML body in the mail's charset (often ISO-2022-JP) as UTF-8 with a byte-order mark, which
     * the HTML disarmer honours before any {@code <meta charset>}, so the part can say UTF-8.
     */
    private static void writeUtf8(TextBody html, OutputStream out) throws IOException {
        try (java.io.Reader reader = html.getReader();
                java.io.Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            writer.write('\uFEFF');
            reader.transferTo(writer);
        }
    }

    /** A plain-text body as written, in its own charset (Japanese mail is often ISO-2022-JP): nothing in it acts. */
    private static BodyPartBuilder textPart(TextBody text, @Nullable String charset) throws IOException {
        try (InputStream in = text.getInputStream()) {
            return BodyPartBuilder.create()
                    .setBody(in.readAllBytes(), "text/plain")
                    .setContentType("text/plain", new NameValuePair("charset", charset == null ? "us-ascii" : charset))
                    .setContentTransferEncoding("base64");
        }
    }

    private static BodyPartBuilder part(DisarmResult.Disarmed member, String name, boolean attachment)
            throws IOException {
        byte[] content = Files.readAllBytes(member.output());
        BodyPartBuilder part =
                BodyPartBuilder.create().setBody(content, member.mediaType()).setContentTransferEncoding("base64");
        if (member.mediaType().equals(MEDIA_TYPE)) {
            part.setContentType(MEDIA_TYPE);
        }
        if (attachment) {
            part.setContentDisposition("attachment", member.nameFor(name));
        } else {
            part.setContentType(member.mediaType(), new NameValuePair("charset", "UTF-8"))
                    .setContentDisposition("inline");
        }
        return part;
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }
}
