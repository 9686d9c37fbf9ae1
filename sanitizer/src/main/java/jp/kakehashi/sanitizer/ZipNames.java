package jp.kakehashi.sanitizer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * How a ZIP member's name is read, by evidence: the UTF-8 flag (or Info-ZIP's Unicode path field),
 * then bytes that are valid UTF-8 (macOS's Archive Utility and Info-ZIP write UTF-8 without the
 * flag), then CP932 (Windows Explorer in Japan), and bytes that are neither still name the member,
 * with replacement characters: a name never fails the archive. The archive must be opened with
 * ISO-8859-1, so that every raw name decodes and the library's own decoding can be told apart.
 */
final class ZipNames {
    /** The charset the archive is opened with: every byte is one character, nothing fails. */
    static final Charset RAW = StandardCharsets.ISO_8859_1;

    private static final Charset CP932 = Charset.forName("windows-31j");

    /** Which evidence decided a name. */
    enum Encoding {
        /** The entry says so: the UTF-8 flag, or a Unicode path field whose checksum matches. */
        UTF8_DECLARED,
        /** No flag, but the bytes are valid UTF-8 (macOS, Info-ZIP). */
        UTF8,
        /** No flag, not UTF-8, valid CP932 (Windows Explorer). */
        CP932,
        /** Neither: CP932 with replacement characters for what does not decode. */
        UNDECODABLE
    }

    /** A member's name and how it was read. */
    record Name(String text, Encoding encoding) {}

    private ZipNames() {}

    static Name of(ZipArchiveEntry e) {
        byte[] raw = e.getRawName();
        if (e.getGeneralPurposeBit().usesUTF8ForNames() || !e.getName().equals(new String(raw, RAW))) {
            return new Name(e.getName(), Encoding.UTF8_DECLARED);
        }
        return undeclared(raw);
    }

    /** A name whose entry declares no encoding, from its raw bytes. */
    static Name undeclared(byte[] raw) {
        Optional<String> utf8 = strict(raw, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
            return new Name(utf8.get(), Encoding.UTF8);
        }
        return strict(raw, CP932)
                .map(n -> new Name(n, Encoding.CP932))
                .orElseGet(() -> new Name(new String(raw, CP932), Encoding.UNDECODABLE));
    }

    private static Optional<String> strict(byte[] raw, Charset charset) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
