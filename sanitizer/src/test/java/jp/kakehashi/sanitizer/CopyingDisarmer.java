package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A broken "disarmer" that copies its input and calls it disarmed, as the given type: with it,
 * only the verifier stands between a hostile file and publication.
 */
record CopyingDisarmer(String mediaType, String extension) implements Disarmer {
    @Override
    public boolean handles(String type) {
        return true;
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        Files.copy(input, output, StandardCopyOption.REPLACE_EXISTING);
        return new DisarmResult.Disarmed(output, mediaType, extension, List.of());
    }

    /** A sanitizer with only the given disarmers and the real detector, verifier and extractor. */
    static Sanitizer sanitizerWith(Disarmer... disarmers) {
        return new Sanitizer(
                new TypeDetector(),
                List.of(disarmers),
                new Verifier(1000),
                new TextExtractor(1000),
                ArchiveLimits.defaults());
    }
}
