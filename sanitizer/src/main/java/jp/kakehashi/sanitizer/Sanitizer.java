package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
    /** Legacy Office streams are read whole to walk their records; larger files are refused. */
    private static final long MAX_LEGACY_OFFICE_BYTES = 256L << 20;
    /** E-mail is parsed in memory; LGWAN gateways cap mail far below this. */
    private static final long MAX_EMAIL_BYTES = 64L << 20;

    private final TypeDetector detector;
    private final List<Disarmer> disarmers;
    private final Verifier verifier;
    private final TextExtractor extractor;
    private final PdfFlattener flattener;
    private final Decryptor decryptor;
    private final ArchiveLimits archives;

    /** Refusals a later profile may still turn into a usable file; every other refusal is final. */
    private static final Set<ReasonCode> FALLS_BACK = EnumSet.of(
            ReasonCode.VERIFY_FAILED, ReasonCode.MALFORMED, ReasonCode.TYPE_NOT_SUPPORTED, ReasonCode.LEGACY_OFFICE);

    Sanitizer(
            TypeDetector detector,
            List<Disarmer> disarmers,
            Verifier verifier,
            TextExtractor extractor,
            ArchiveLimits archives) {
        this.detector = detector;
        this.archives = archives;
        this.disarmers = List.copyOf(disarmers);
        this.verifier = verifier;
        this.extractor = extractor;
        this.flattener = new PdfFlattener(2_000, 40_000_000L);
        this.decryptor = new Decryptor(ArchiveLimits.defaults());
    }

    public static Sanitizer create(SanitizerConfig config) {
        requireNonNull(config, "config");
        return new Sanitizer(
                new TypeDetector(),
                List.of(
                        new PdfDisarmer(config.maxPdfObjects()),
                        new OoxmlDisarmer(config.archives()),
                        new OdfDisarmer(config.archives()),
                        new Ole2Disarmer(MAX_LEGACY_OFFICE_BYTES),
                        new EmailDisarmer(MAX_EMAIL_BYTES),
                        new TextDisarmer(),
                        new ImageDisarmer(config.images()),
                        new ZipDisarmer(),
                        new RtfDisarmer(MAX_MARKUP_BYTES),
                        new SvgDisarmer(MAX_MARKUP_BYTES),
                        new HtmlDisarmer(MAX_MARKUP_BYTES)),
                new Verifier(config.maxPdfObjects()),
                new TextExtractor(config.maxTextChars()),
                config.archives());
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
    public DisarmResult disarm(Path input, Detection detection, Path workDir, DisarmOptions options) {
        return disarm(
                input,
                detection,
                new DisarmContext(workDir, 0, options, options.archives().orElse(archives), this::disarmMember));
    }

    /**
     * Tries each profile of the type's ladder in turn (a container is always rebuilt: its members
     * follow their own types' ladders). A profile that does not apply to the type is
     * skipped; one that fails in a way a later profile may mend (verification, damage, no
     * rebuild for the type) hands over to the next, and the report says so; any other refusal
     * (malware, programs, bombs, encryption) is final at once.
     */
    private DisarmResult disarm(Path input, Detection detection, DisarmContext context) {
        Optional<Reason> byName = UnsupportedTypes.refusedByName(detection);
        if (byName.isPresent()) {
            return new DisarmResult.Refused(byName.get());
        }
        List<Removal> fallbacks = new ArrayList<>();
        DisarmResult.@Nullable Refused first = null;
        for (Profile profile : ladderFor(detection.mediaType(), context.options())) {
            Optional<DisarmResult> attempt = switch (profile) {
                case REBUILD -> Optional.of(rebuild(input, detection, context));
                case FLATTEN -> flatten(input, detection, context);
                case TEXT -> text(input, detection, context.workDir());
            };
            if (attempt.isEmpty()) {
                continue;
            }
            switch (attempt.get()) {
                case DisarmResult.Disarmed d -> {
                    return fallbacks.isEmpty() ? d : d.after(fallbacks);
                }
                case DisarmResult.Refused r -> {
                    if (!FALLS_BACK.contains(r.reason().code())) {
                        return r;
                    }
                    if (first == null) {
                        first = r;
                    }
                    fallbacks.add(new Removal(
                            "fallback",
                            profile.word() + " not possible ("
                                    + r.reason().code().name() + ": "
                                    + r.reason().detail() + ")"));
                }
            }
        }
        return first != null ? first : new DisarmResult.Refused(UnsupportedTypes.reasonFor(detection.mediaType()));
    }

    private List<Profile> ladderFor(String mediaType, DisarmOptions options) {
        return disarmerFor(mediaType).filter(Disarmer::container).isPresent()
                ? List.of(Profile.REBUILD)
                : options.ladderFor(mediaType);
    }

    private Optional<Disarmer> disarmerFor(String mediaType) {
        return disarmers.stream().filter(d -> d.handles(mediaType)).findFirst();
    }

    private DisarmResult rebuild(Path input, Detection detection, DisarmContext context) {
        Path workDir = context.workDir();
        Optional<Disarmer> disarmer = disarmerFor(detection.mediaType());
        if (disarmer.isEmpty()) {
            return new DisarmResult.Refused(UnsupportedTypes.reasonFor(detection.mediaType()));
        }
        long ceiling = disarmer.get().maxInputBytes();
        if (size(input) > ceiling) {
            return new DisarmResult.Refused(
                    Reason.of(ReasonCode.RESOURCE_LIMIT, detection.mediaType() + " larger than " + ceiling + " bytes"));
        }
        Path output = newWorkFile(workDir);
        return verified(run(disarmer.get(), input, detection, output, context), output);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    @Override
    public DecryptResult decrypt(Path input, Detection detection, Password password, Path workDir) {
        Path output = newWorkFile(workDir);
        DecryptResult result;
        try {
            result = decryptor.decrypt(input, detection, password, output);
        } catch (IOException | RuntimeException e) {
            result = new DecryptResult.Refused(
                    Reason.of(ReasonCode.MALFORMED, detection.mediaType() + ": the encrypted file cannot be opened"));
        }
        if (!(result instanceof DecryptResult.Decrypted)) {
            deleteQuietly(output);
        }
        return result;
    }

    /**
     * The flatten profile: PDF pages rendered to pixels; a raster image is rebuilt from its pixels,
     * which is already flat. Other types have no pages to render.
     */
    private Optional<DisarmResult> flatten(Path input, Detection detection, DisarmContext context) {
        if (disarmerFor(detection.mediaType())
                .filter(ImageDisarmer.class::isInstance)
                .isPresent()) {
            return Optional.of(
                    switch (rebuild(input, detection, context)) {
                        case DisarmResult.Disarmed d ->
                            new DisarmResult.Disarmed(
                                    d.output(), d.mediaType(), d.extension(), d.removals(), Profile.FLATTEN);
                        case DisarmResult.Refused r -> r;
                    });
        }
        if (!detection.mediaType().equals("application/pdf")) {
            return Optional.empty();
        }
        Path output = newWorkFile(context.workDir());
        DisarmResult result;
        try {
            result = flattener.flatten(input, output);
        } catch (IOException | RuntimeException e) {
            result = new DisarmResult.Refused(Reason.of(ReasonCode.MALFORMED, "PDF pages cannot be rendered"));
        }
        return Optional.of(verified(result, output));
    }

    /** The text profile: the text Tika reads from the file, as UTF-8 with a byte-order mark. */
    private Optional<DisarmResult> text(Path input, Detection detection, Path workDir) {
        // An archive's member marks become headings a reader sees.
        String text = extractText(input, detection.mediaType())
                .replace(String.valueOf(TextExtractor.MEMBER), "■ ")
                .strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path output = newWorkFile(workDir);
        try {
            Files.write(output, ("\uFEFF" + text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a work file in " + workDir, e);
        }
        return Optional.of(verified(
                new DisarmResult.Disarmed(
                        output,
                        "text/plain",
                        ".txt",
                        List.of(new Removal(
                                "converted", "only the text was kept: layout, images and formatting removed")),
                        Profile.TEXT),
                output));
    }

    private DisarmResult verified(DisarmResult result, Path output) {
        DisarmResult checked = result;
        if (result instanceof DisarmResult.Disarmed d) {
            Optional<String> problem = verifier.problem(output, d.mediaType());
            if (problem.isPresent()) {
                checked = new DisarmResult.Refused(Reason.of(ReasonCode.VERIFY_FAILED, problem.get()));
            }
        }
        if (checked instanceof DisarmResult.Refused) {
            deleteQuietly(output);
        }
        return checked;
    }

    private static Path newWorkFile(Path workDir) {
        try {
            return Files.createTempFile(workDir, "disarm-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work file in " + workDir, e);
        }
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
    public TextResult readText(Path file, String mediaType) {
        try {
            return new TextResult.Read(extractor.extract(file, mediaType));
        } catch (IOException | RuntimeException e) {
            return new TextResult.Unreadable(e.getClass().getSimpleName());
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
