package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides a file's true type from its content: signatures that decide alone first ({@link
 * Signatures}, and {@link PackageSignature} for office packages), then Tika's default detector
 * chain (magic bytes, then container inspection for ZIP-based formats). The name is passed only
 * as a hint for content that magic cannot tell apart (plain text flavours, a PDF called .ai); it
 * never overrides magic.
 */
final class TypeDetector {
    private final Detector detector;
    private final MimeTypes mimeTypes;
    private final MediaTypeRegistry registry;

    TypeDetector() {
        TikaConfig config = TikaConfig.getDefaultConfig();
        this.detector = config.getDetector();
        this.mimeTypes = config.getMimeRepository();
        this.registry = config.getMediaTypeRegistry();
    }

    Detection detect(Path file, String declaredName) throws IOException {
        byte[] head = new byte[Signatures.HEAD];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        Optional<String> signed = Signatures.of(head, length);
        if (signed.isEmpty() && Signatures.isZip(head, length)) {
            signed = PackageSignature.of(file);
        }
        String mediaType = signed.isPresent() && !nameRefines(signed.get(), declaredName)
                ? signed.get()
                : detectWithTika(file, declaredName);
        if (mediaType.equals("application/mbox") && MboxFrom.oneMessage(file)) {
            // A mail Thunderbird saved: one message behind an mbox From line (ISSUE 28).
            mediaType = EmailDisarmer.MEDIA_TYPE;
        }
        return new Detection(mediaType, extensionFor(mediaType), Detection.extensionOf(declaredName));
    }

    /**
     * Whether the name names a narrower type than the content's signature (a PDF called {@code
     * .ai} is Illustrator's): Tika then takes the name's word, so the whole chain must decide.
     */
    private boolean nameRefines(String signed, String declaredName) {
        MediaType byName = mimeTypes.getMimeType(declaredName).getType();
        return registry.isSpecializationOf(byName, MediaType.parse(signed));
    }

    /** Tika's whole chain: magic, then container inspection for ZIP and OLE2 formats, the name as a hint. */
    String detectWithTika(Path file, String declaredName) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, declaredName);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            return detector.detect(in, metadata).getBaseType().toString();
        }
    }

    private String extensionFor(String mediaType) {
        if (mediaType.equals(MediaType.OCTET_STREAM.toString())) {
            return "";
        }
        try {
            return mimeTypes.forName(mediaType).getExtension();
        } catch (MimeTypeException e) {
            return "";
        }
    }
}
