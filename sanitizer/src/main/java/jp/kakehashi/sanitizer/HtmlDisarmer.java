package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * HTML rebuilt through the OWASP Java HTML Sanitizer's allow-list (CDR-NOTES §1.9): text,
 * formatting, tables, lists and plain links stay; scripts, event handlers, frames, objects, forms,
 * {@code javascript:} URLs, remote images and stylesheets go. The page keeps its character set
 * (Shift_JIS and EUC-JP pages are common); characters it cannot hold become references.
 */
final class HtmlDisarmer implements Disarmer {
    static final Set<String> MEDIA_TYPES = Set.of("text/html", "application/xhtml+xml");

    private static final PolicyFactory POLICY = Sanitizers.FORMATTING
            .and(Sanitizers.BLOCKS)
            .and(Sanitizers.TABLES)
            .and(Sanitizers.LINKS)
            .and(Sanitizers.STYLES);

    /** Tags that are the page's frame, not content; their loss is not worth a line in the report. */
    private static final Set<String> STRUCTURE = Set.of("html", "head", "body", "title", "meta", "!doctype");

    private static final Pattern DECLARED_CHARSET =
            Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9_\\-]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]{0,500})</title>", Pattern.CASE_INSENSITIVE);

    private final long maxBytes;

    HtmlDisarmer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handles(String mediaType) {
        return MEDIA_TYPES.contains(mediaType);
    }

    @Override
    public long maxInputBytes() {
        return maxBytes;
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        byte[] bytes = Files.readAllBytes(input);
        Charset charset = charsetOf(bytes);
        String html = new String(bytes, charset);
        List<Removal> removals = new ArrayList<>();
        String body = POLICY.sanitize(html, new Listener(), removals);
        String title = title(html);
        String page = "<!DOCTYPE html>\n<html><head><meta charset=\"" + charset.name() + "\"><title>"
                + POLICY.sanitize(title) + "</title></head>\n<body>\n" + body + "\n</body></html>\n";
        Files.write(output, encode(page, charset));
        return new DisarmResult.Disarmed(output, "text/html", ".html", Removal.merge(removals));
    }

    private static String title(String html) {
        Matcher m = TITLE.matcher(html);
        return m.find() ? m.group(1).strip() : "";
    }

    /** The page's own charset: a byte-order mark, else its declaration, else UTF-8 if it decodes, else CP932. */
    static Charset charsetOf(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher m = DECLARED_CHARSET.matcher(head);
        if (m.find()) {
            Optional<Charset> declared = named(m.group(1));
            if (declared.isPresent()) {
                return declared.get();
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName("windows-31j");
        }
    }

    private static Optional<Charset> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("shift_jis") || n.equals("sjis") || n.equals("x-sjis") || n.equals("ms932")) {
            // Pages labelled Shift_JIS are written by Windows tools: CP932 keeps ①, ㈱ and NEC symbols.
            return Optional.of(Charset.forName("windows-31j"));
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    private static byte[] encode(String page, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder out = new StringBuilder(page.length());
        page.codePoints().forEach(cp -> {
            if (encoder.canEncode(new String(Character.toChars(cp)))) {
                out.appendCodePoint(cp);
            } else {
                out.append("&#x").append(Integer.toHexString(cp)).append(';');
            }
        });
        return out.toString().getBytes(charset);
    }

    /** Turns what the sanitizer throws away into report lines. */
    private static final class Listener implements HtmlChangeListener<List<Removal>> {
        @Override
        public void discardedTag(@Nullable List<Removal> removals, String elementName) {
            String tag = elementName.toLowerCase(Locale.ROOT);
            if (removals == null || STRUCTURE.contains(tag)) {
                return;
            }
            String kind = switch (tag) {
                case "script", "noscript" -> "script";
                case "iframe", "frame", "frameset", "object", "embed", "applet", "param" -> "active-element";
                case "form", "input", "button", "select", "textarea" -> "form";
                case "img", "link", "base", "style", "video", "audio", "source" -> "external-reference";
                default -> "element";
            };
            removals.add(new Removal(kind, "<" + Escape.forReport(tag) + ">"));
        }

        @Override
        public void discardedAttributes(@Nullable List<Removal> removals, String tagName, String... attributeNames) {
            if (removals == null) {
                return;
            }
            for (String attribute : attributeNames) {
                String a = attribute.toLowerCase(Locale.ROOT);
                if (a.startsWith("on")) {
                    removals.add(new Removal("script", "event handler " + Escape.forReport(a)));
                } else if (a.equals("href") || a.equals("src") || a.equals("action") || a.equals("formaction")) {
                    removals.add(new Removal("external-reference", a + " on <" + Escape.forReport(tagName) + ">"));
                }
            }
        }
    }
}
