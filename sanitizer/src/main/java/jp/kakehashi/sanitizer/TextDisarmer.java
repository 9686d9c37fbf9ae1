package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Plain text and CSV: copied byte for byte (the sender's encoding, often CP932, is kept), after
 * checking that the content really is text. Formula neutralisation for CSV and encoding
 * normalisation belong to the text profile of the full sanitizer.
 */
final class TextDisarmer implements Disarmer {
    private static final Set<String> TYPES = Set.of("text/plain", "text/csv", "text/tab-separated-values");

    @Override
    public boolean handles(String mediaType) {
        return TYPES.contains(mediaType);
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(input);
                OutputStream out = Files.newOutputStream(output)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        return new DisarmResult.Refused(Reason.of(ReasonCode.MALFORMED, "text contains NUL bytes"));
                    }
                }
                out.write(buffer, 0, n);
            }
        }
        String extension = detection.declaredExtension().isEmpty()
                        || !TypeAliases.sameFamily(".txt", detection.declaredExtension())
                ? ".txt"
                : detection.declaredExtension();
        return new DisarmResult.Disarmed(output, detection.mediaType(), extension, List.of());
    }
}
