package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts text up to a character budget: of a disarmed rendition for the search index (DESIGN
 * §3, INDEXED), and of an original for the text profile, which runs in a worker process.
 */
final class TextExtractor {
    private final Parser parser;
    private final int maxChars;

    TextExtractor(int maxChars) {
        this.parser = new AutoDetectParser(TikaConfig.getDefaultConfig());
        this.maxChars = maxChars;
    }

    /** The text, cut at the budget; empty when the file yields none. */
    String extract(Path file, String mediaType) throws IOException {
        BodyContentHandler handler = new BodyContentHandler(maxChars);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, mediaType);
        ParseContext context = new ParseContext();
        try (InputStream in = TikaInputStream.get(file)) {
            parser.parse(in, handler, metadata, context);
        } catch (SAXException | TikaException e) {
            // The write limit ends parsing with an exception; what was gathered so far is the text.
            return handler.toString();
        }
        return handler.toString();
    }
}
