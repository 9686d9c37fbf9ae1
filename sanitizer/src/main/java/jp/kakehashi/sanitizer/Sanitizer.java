package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sanitizer's entry point: detect a file's true type, disarm it into a verified rebuilt
 * copy, and extract the text of that copy.
 *
 * <pre>{@code
 * Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
 * Detection type = sanitizer.detect(file, "見積書.docm");
 * switch (sanitizer.disarm(file, type, workDir)) {
 *     case DisarmResult.Disarmed d -> publish(d.output(), d.removals());
 *     case DisarmResult.Refused r -> block(r.reason());
 * }
 * }</pre>
 *
 * <p>Thread-safe; holds no per-file state.
 */
public final class Sanitizer implements FileSanitizer {
    /** RTF, SVG and HTML are rebuilt in memory; larger ones are refused as RESOURCE_LIMIT. */
    private static final long MAX_MARKUP_BYTES = 256L << 20;

    private final TypeDetector detector;
    private final List<Disarmer> disarmers;
    private final Verifier verifier;
    private final TextExtractor extractor;

    Sanitizer(TypeDetector detector, List<Disarmer> disarmers, Verifier verifier, TextExtractor extractor) {
        this.detector = detector;
        this.disarmers = List.copyOf(disarmers);
        this.verifier = verifier;
        this.extractor = extractor;
    }

    public static Sanitizer create(SanitizerConfig config) {
        requireNonNull(config, "config");
        return new Sanitizer(
                new TypeDetector(),
                List.of(
                        new PdfDisarmer(config.maxPdfObjects()),
                        new OoxmlDisarmer(config.archives()),
                        new TextDisarmer(),
                        new ImageDisarmer(config.images()),
                        new ZipDisarmer(config.archives()),
                        new RtfDisarmer(MAX_MARKUP_BYTES),
                        new SvgDisarmer(MAX_MARKUP_BYTES),
                        new HtmlDisarmer(MAX_MARKUP_BYTES)),
                new Verifier(config.maxPdfObjects()),
                new TextExtractor(config.maxTextChars()));
    }

    @Override
    public Detection detect(Path file, String declaredName) {
        try {
            return detector.detect(file, declaredName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " for type detection", e);
        }
    }

    /** Whether a disarmer exists for this type; other types are refused by {@link #disarm}. */
    public boolean canDisarm(String mediaType) {
        return disarmers.stream().anyMatch(d -> d.handles(mediaType));
    }

    /**
     * {@inheritDoc}
     *
     * <p>In this JVM: a file that exhausts the heap takes the caller with it, which is why the
     * daemon calls this through worker processes.
     */
    @Override
    public DisarmResult disarm(Path input, Detection detection, Path workDir) {
        return disarm(input, detection, new DisarmContext(workDir, 0, this::disarmMember));
    }

    private DisarmResult disarm(Path input, Detection detection, DisarmContext context) {
        Path workDir = context.workDir();
        Optional<Reason> byName = UnsupportedTypes.refusedByName(detection);
        if (byName.isPresent()) {
            return new DisarmResult.Refused(byName.get());
        }
        Optional<Disarmer> disarmer =
                disarmers.stream().filter(d -> d.handles(detection.mediaType())).findFirst();
        if (disarmer.isEmpty()) {
            return new DisarmResult.Refused(UnsupportedTypes.reasonFor(detection.mediaType()));
        }
        Path output;
        try {
            output = Files.createTempFile(workDir, "disarm-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work file in " + workDir, e);
        }
        DisarmResult result = run(disarmer.get(), input, detection, output, context);
        if (result instanceof DisarmResult.Disarmed disarmed) {
            Optional<String> problem = verifier.problem(output, disarmed.mediaType());
            if (problem.isPresent()) {
                result = new DisarmResult.Refused(Reason.of(ReasonCode.VERIFY_FAILED, problem.get()));
            }
        }
        if (result instanceof DisarmResult.Refused) {
            deleteQuietly(output);
        }
        return result;
    }

    /** A member of a container: detected by content, disarmed and verified like any file, one level deeper. */
    private DisarmResult disarmMember(Path member, String name, DisarmContext context) {
        return disarm(member, detect(member, name), context);
    }

    private static DisarmResult run(
            Disarmer disarmer, Path input, Detection detection, Path output, DisarmContext context) {
        try {
            return disarmer.disarm(input, detection, output, context);
        } catch (StackOverflowError e) {
            return new DisarmResult.Refused(Reason.of(ReasonCode.RESOURCE_LIMIT, "structure nested too deeply"));
        } catch (IOException e) {
            throw new UncheckedIOException("disarm of " + input + " failed on the work directory", e);
        } catch (RuntimeException e) {
            // A parser tripping over hostile structure: fail closed with a reason, never pass.
            return new DisarmResult.Refused(Reason.of(
                    ReasonCode.MALFORMED,
                    detection.mediaType() + ": " + e.getClass().getSimpleName()));
        }
    }

    @Override
    public String extractText(Path file, String mediaType) {
        try {
            return extractor.extract(file, mediaType);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover work file is removed with the work directory; the verdict stands.
        }
    }
}
