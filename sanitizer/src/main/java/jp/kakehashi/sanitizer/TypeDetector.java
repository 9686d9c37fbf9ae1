package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides a file's true type from its content with Tika's default detector chain (magic bytes,
 * then container inspection for ZIP-based formats). The name is passed only as a hint for
 * content that magic cannot tell apart (plain text flavours); it never overrides magic.
 */
final class TypeDetector {
    private final Detector detector;
    private final MimeTypes mimeTypes;

    TypeDetector() {
        TikaConfig config = TikaConfig.getDefaultConfig();
        this.detector = config.getDetector();
        this.mimeTypes = config.getMimeRepository();
    }

    Detection detect(Path file, String declaredName) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, declaredName);
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            type = detector.detect(in, metadata);
        }
        String mediaType = type.getBaseType().toString();
        if (mediaType.equals("application/mbox") && MboxFrom.oneMessage(file)) {
            // A mail Thunderbird saved: one message behind an mbox From line (ISSUE 28).
            mediaType = EmailDisarmer.MEDIA_TYPE;
        }
        return new Detection(mediaType, extensionFor(mediaType), Detection.extensionOf(declaredName));
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
