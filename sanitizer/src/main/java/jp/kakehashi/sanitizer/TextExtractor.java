package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts text up to a character budget: of a disarmed rendition for the search index (DESIGN
 * §3, INDEXED) and DLP, and of an original for the text profile, which runs in a worker process.
 * A ZIP's text is its members' text, each after a line with the member's name, nested archives
 * included (ISSUE 28: a 個人番号 list inside a ZIP passed DLP, and no search found ZIP contents).
 */
final class TextExtractor {
    /** Archives inside archives read for text; deeper ones are skipped (the disarmer refuses them anyway). */
    private static final int MAX_DEPTH = 3;

    private final Parser parser;
    private final int maxChars;

    TextExtractor(int maxChars) {
        this.parser = new AutoDetectParser(TikaConfig.getDefaultConfig());
        this.maxChars = maxChars;
    }

    /**
     * Where a ZIP member's text begins: a line with ASCII's file separator and the member's path.
     * DLP names the members its findings came from by these lines (the policies module's
     * {@code DlpScanner} reads the same mark).
     */
    static final char MEMBER = '\u001C';

    /** The text, cut at the budget; empty when the file yields none. */
    String extract(Path file, String mediaType) throws IOException {
        if (mediaType.equals("application/zip")) {
            StringBuilder text = new StringBuilder();
            members(file, "", text, 1);
            return text.length() > maxChars ? text.substring(0, maxChars) : text.toString();
        }
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, mediaType);
        try (InputStream in = TikaInputStream.get(file)) {
            return parse(in, metadata, maxChars);
        }
    }

    /**
     * Each member's path and text, read through the central directory as {@link ZipDisarmer} reads
     * it: local headers can name other members than the directory, and DLP must read what crosses.
     */
    private void members(Path archive, String prefix, StringBuilder text, int depth) throws IOException {
        try (ZipFile zip = ZipFile.builder()
                .setFile(archive.toFile())
                .setCharset(ZipNames.RAW)
                .setUseUnicodeExtraFields(true)
                .get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                if (text.length() >= maxChars) {
                    return;
                }
                if (e.isDirectory() || !zip.canReadEntryData(e)) {
                    continue; // encrypted or an unsupported method: nothing to read
                }
                String name = ZipNames.of(e).text();
                if (ZipDisarmer.systemMetadata(name)) {
                    continue;
                }
                String path = prefix + name;
                text.append(text.isEmpty() ? "" : "\n")
                        .append(MEMBER)
                        .append(path)
                        .append('\n');
                try (InputStream raw = zip.getInputStream(e);
                        TikaInputStream member = TikaInputStream.get(raw)) {
                    if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                        if (depth < MAX_DEPTH) {
                            members(member.getPath(), path + "/", text, depth + 1);
                        }
                        continue;
                    }
                    Metadata metadata = new Metadata();
                    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name.substring(name.lastIndexOf('/') + 1));
                    text.append(parse(member, metadata, maxChars - text.length()));
                } catch (IOException | RuntimeException unreadable) {
                    // One member that yields no text does not hide the others'.
                }
            }
        }
    }

    private String parse(InputStream in, Metadata metadata, int budget) throws IOException {
        BodyContentHandler handler = new BodyContentHandler(Math.max(1, budget));
        try {
            parser.parse(in, handler, metadata, new ParseContext());
        } catch (SAXException | TikaException e) {
            // The write limit ends parsing with an exception; what was gathered so far is the text.
            return handler.toString();
        }
        return handler.toString();
    }
}
