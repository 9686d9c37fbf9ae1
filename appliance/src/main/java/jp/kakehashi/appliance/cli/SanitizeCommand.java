package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.store.Sha256;
import jp.kakehashi.appliance.workers.WorkerLimits;
import jp.kakehashi.appliance.workers.WorkerPool;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.DecryptResult;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.Password;
import jp.kakehashi.sanitizer.Profile;
import jp.kakehashi.sanitizer.Reason;
import jp.kakehashi.sanitizer.ReasonCode;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.sanitizer.Removal;
import jp.kakehashi.sanitizer.ResourceLimitException;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.sanitizer.ScanOutcome;
import jp.kakehashi.sanitizer.Verdict;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi sanitize IN... OUTDIR} (DESIGN §6): detect, scan and disarm files; write each
 * rebuilt file into OUTDIR only when it may cross; print one JSON report per file, one per line.
 * A folder stands for every file under it (its tree is kept under OUTDIR). One sanitizer worker
 * serves every file of the call, so a script pays the JVM start once, not once a file. Exit 0 when
 * every file is clean or sanitized, 2 when any was blocked, 3 when any was quarantined; never 1,
 * whatever the input.
 */
@Command(
        name = "sanitize",
        description = "Detect, scan and disarm files or folders (ファイルの無害化). Prints one JSON report per file.")
final class SanitizeCommand implements Callable<Integer> {
    @Parameters(
            arity = "2..*",
            paramLabel = "IN... OUTDIR",
            description = "The files or folders to sanitize, then the folder the disarmed files are written to.")
    List<Path> arguments = List.of();

    /** The file being sanitized now. */
    private Path input = Path.of("");

    /** Where its rebuilt file goes. */
    private Path outDir = Path.of("");

    @Option(
            names = "--clamd",
            paramLabel = "ADDRESS",
            description =
                    "clamd address, tcp://HOST:PORT or unix:PATH (default " + ApplianceConfig.DEFAULT_CLAMD + ").")
    String clamd = ApplianceConfig.DEFAULT_CLAMD;

    @Option(
            names = "--stream-max-length",
            paramLabel = "BYTES",
            description = "clamd's StreamMaxLength in bytes (default 25 MiB).")
    long streamMaxLength = 25L << 20;

    @Option(
            names = "--profile",
            paramLabel = "LADDER",
            description = "Profiles to try in order, from rebuild, flatten, text (default rebuild,flatten)."
                    + " 無害化の方式を順に試します。")
    String profile = "rebuild,flatten";

    @Option(
            names = "--password-stdin",
            description = "Read the password of an encrypted ZIP, Office or PDF file from the first line of"
                    + " standard input; it is never printed or kept. パスワード付きファイルのパスワードを標準入力から読みます。")
    boolean passwordStdin;

    @Override
    public Integer call() {
        List<Path> inputs = arguments.subList(0, arguments.size() - 1);
        Path out = arguments.get(arguments.size() - 1);
        if (inputs.size() == 1 && !Files.isDirectory(inputs.get(0))) {
            return exit(sanitizeAndReport(inputs.get(0), out, Optional.empty()));
        }
        if (passwordStdin) {
            ObjectNode report = Json.object();
            report.put("verdict", Verdict.BLOCKED.word());
            addReason(
                    report.putArray("reasons"),
                    "BAD_OPTION",
                    "--password-stdin は 1 つのファイルにだけ使えます",
                    "--password-stdin takes one file, not several or a folder",
                    "");
            Json.print(report);
            return exit(Verdict.BLOCKED);
        }
        List<Target> targets = new ArrayList<>();
        for (Path in : inputs) {
            targets.addAll(Target.of(in, out));
        }
        Verdict worst = Verdict.CLEAN;
        Path work;
        try {
            work = Files.createTempDirectory("kakehashi-sanitize-");
        } catch (IOException e) {
            System.err.println("kakehashi sanitize: no temporary folder: " + e.getMessage());
            return 2;
        }
        try (WorkerPool workers = new WorkerPool(SanitizerConfig.defaults(), WorkerLimits.defaults(), 1, work)) {
            int done = 0;
            for (Target t : targets) {
                Verdict v = sanitizeAndReport(t.file(), t.outDir(), Optional.of(new Shared(workers, work)));
                worst = worse(worst, v);
                System.err.println("[" + ++done + "/" + targets.size() + "] " + t.file() + ": " + v.word());
            }
        } finally {
            try {
                deleteTree(work);
            } catch (IOException e) {
                System.err.println("kakehashi sanitize: cannot remove " + work + ": " + e.getMessage());
            }
        }
        return exit(worst);
    }

    /** The worker every file of a call shares, and the folder its files' work folders go in. */
    private record Shared(WorkerPool workers, Path work) {}

    /** A file to sanitize and the folder its rebuilt file goes to. */
    record Target(Path file, Path outDir) {
        /** The file itself, or every regular file under a folder, its tree kept under OUTDIR; links are not followed. */
        static List<Target> of(Path in, Path out) {
            if (!Files.isDirectory(in, LinkOption.NOFOLLOW_LINKS)) {
                return List.of(new Target(in, out));
            }
            Path base = out.resolve(in.getFileName() == null ? Path.of("sanitized") : in.getFileName());
            try (var files = Files.walk(in)) {
                return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        .sorted()
                        .map(f -> {
                            Path parent = in.relativize(f).getParent();
                            return new Target(f, parent == null ? base : base.resolve(parent));
                        })
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + in, e);
            }
        }
    }

    private static Verdict worse(Verdict a, Verdict b) {
        return exit(b) > exit(a) ? b : a;
    }

    private static int exit(Verdict verdict) {
        return switch (verdict) {
            case CLEAN, SANITIZED -> 0;
            case BLOCKED -> 2;
            case QUARANTINED -> 3;
        };
    }

    /** Sanitizes one file and prints its report; a worker shared is reused, otherwise one is started for it. */
    private Verdict sanitizeAndReport(Path file, Path out, Optional<Shared> shared) {
        this.input = file;
        this.outDir = out;
        ObjectNode report = Json.object();
        Verdict verdict;
        try {
            verdict = sanitize(report, shared);
        } catch (RuntimeException | IOException | StackOverflowError e) {
            verdict = Verdict.BLOCKED;
            report.removeAll();
            report.put("verdict", verdict.word());
            report.put("detectedType", "");
            report.putArray("outputs");
            report.putArray("removed");
            addReason(
                    report.putArray("reasons"),
                    "INTERNAL_ERROR",
                    "処理中にエラーが発生したため受け渡しません",
                    "processing failed, so the file does not cross",
                    e.getClass().getSimpleName());
        }
        ObjectNode line = Json.object().put("input", file.toString());
        line.setAll(report);
        Json.print(line);
        return verdict;
    }

    private Verdict sanitize(ObjectNode report, Optional<Shared> shared) throws IOException {
        report.put("verdict", "");
        report.put("detectedType", "");
        ArrayNode outputs = report.putArray("outputs");
        ArrayNode removed = report.putArray("removed");
        ArrayNode reasons = report.putArray("reasons");
        if (!Files.isRegularFile(input)) {
            return finish(
                    report,
                    Verdict.BLOCKED,
                    reasons,
                    "NO_INPUT",
                    "入力ファイルがありません",
                    "the input file does not exist",
                    input.toString());
        }
        String name = input.getFileName() == null ? "" : input.getFileName().toString();
        Path work = shared.isPresent()
                ? Files.createTempDirectory(shared.get().work(), "file-")
                : Files.createTempDirectory("kakehashi-sanitize-");
        // Parsing runs in a capped worker JVM, as in the daemon: a bomb ends as a report, not a crash.
        try (WorkerPool own = shared.isPresent()
                ? null
                : new WorkerPool(SanitizerConfig.defaults(), WorkerLimits.defaults(), 1, work)) {
            FileSanitizer sanitizer =
                    shared.isPresent() ? shared.get().workers() : java.util.Objects.requireNonNull(own);
            return sanitize(report, name, sanitizer, work, outputs, removed, reasons);
        } catch (ResourceLimitException e) {
            addReason(reasons, e.reason());
            report.put("verdict", e.reason().code().verdict().word());
            return e.reason().code().verdict();
        } finally {
            deleteTree(work);
        }
    }

    private Verdict sanitize(
            ObjectNode report,
            String name,
            FileSanitizer sanitizer,
            Path work,
            ArrayNode outputs,
            ArrayNode removed,
            ArrayNode reasons)
            throws IOException {
        long started = System.nanoTime();
        List<Profile> ladder;
        try {
            ladder = Profile.ladder(profile);
        } catch (IllegalArgumentException e) {
            return finish(
                    report,
                    Verdict.BLOCKED,
                    reasons,
                    "BAD_OPTION",
                    "--profile の指定が正しくありません",
                    "the --profile option is not valid",
                    String.valueOf(e.getMessage()));
        }
        report.put("sha256In", Sha256.of(input));
        Detection detection = sanitizer.detect(input, name);
        report.put("detectedType", detection.mediaType());
        if (detection.mismatch()) {
            report.putArray("findings")
                    .addObject()
                    .put("kind", "TYPE_MISMATCH")
                    .put("detail", "declared " + detection.declaredExtension() + ", detected " + detection.mediaType());
        }
        Path subject = input;
        if (passwordStdin) {
            DecryptResult opened;
            try (Password password = readPassword()) {
                opened = sanitizer.decrypt(input, detection, password, work);
            }
            switch (opened) {
                case DecryptResult.Decrypted d -> {
                    // What crosses is the opened content: it is detected, scanned and disarmed itself.
                    subject = d.output();
                    detection = sanitizer.detect(subject, name);
                    report.put("decrypted", true);
                }
                case DecryptResult.NotEncrypted n -> report.put("decrypted", false);
                case DecryptResult.Refused r -> {
                    addReason(reasons, r.reason());
                    receipt(report, Receipts.of(r.reason()));
                    report.put("verdict", r.reason().code().verdict().word());
                    return r.reason().code().verdict();
                }
            }
        }
        ClamdClient scanner = ClamdClient.create(ClamdClient.address(clamd), Duration.ofSeconds(60), streamMaxLength);
        ScanOutcome scan;
        try (InputStream in = Files.newInputStream(subject)) {
            scan = scanner.scan(in);
        }
        @Nullable
        Reason stop = switch (scan) {
            case ScanOutcome.Clean c -> null;
            case ScanOutcome.Infected i -> Reason.of(ReasonCode.MALWARE, i.signature());
            case ScanOutcome.Unscannable u -> Reason.of(ReasonCode.SCAN_LIMIT, u.clamdReply());
            case ScanOutcome.Encrypted e -> Reason.of(ReasonCode.ENCRYPTED_CONTENT, e.signature());
            case ScanOutcome.Unavailable u -> Reason.of(ReasonCode.SCANNER_UNAVAILABLE, u.detail());
        };
        if (stop != null) {
            addReason(reasons, stop);
            receipt(report, Receipts.of(stop));
            report.put("verdict", stop.code().verdict().word());
            return stop.code().verdict();
        }
        DisarmResult result = sanitizer.disarm(subject, detection, work, DisarmOptions.ladder(ladder));
        report.put("millis", (System.nanoTime() - started) / 1_000_000);
        return switch (result) {
            case DisarmResult.Refused r -> {
                addReason(reasons, r.reason());
                receipt(report, Receipts.of(r.reason()));
                report.put("verdict", r.reason().code().verdict().word());
                yield r.reason().code().verdict();
            }
            case DisarmResult.Disarmed d -> {
                String outName = switch (FileNames.canonical(d.nameFor(name))) {
                    case FileNames.Result.Valid v -> v.name();
                    case FileNames.Result.Invalid i -> "sanitized" + d.extension();
                };
                Files.createDirectories(outDir);
                Path out = outDir.resolve(outName);
                Files.move(d.output(), out, StandardCopyOption.REPLACE_EXISTING);
                outputs.add(out.toString());
                report.put("method", d.method().word());
                report.put("sha256Out", Sha256.of(out));
                receipt(report, Receipts.of(d.removals(), Receipts.Reader.RECIPIENT));
                for (Removal r : d.removals()) {
                    removed.addObject()
                            .put("kind", r.kind())
                            .put("detail", r.detail())
                            .put("count", r.count());
                }
                report.put("verdict", d.verdict().word());
                yield d.verdict();
            }
        };
    }

    /** The first line of standard input, without its line end; nothing of it is ever printed. */
    private static Password readPassword() throws IOException {
        StringBuilder line = new StringBuilder();
        Reader in = new InputStreamReader(System.in, StandardCharsets.UTF_8);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        char[] chars = new char[line.length()];
        line.getChars(0, line.length(), chars, 0);
        line.setLength(0);
        Password password = new Password(chars);
        Arrays.fill(chars, '\0');
        return password;
    }

    private static void receipt(ObjectNode report, Receipts.Receipt receipt) {
        report.putObject("receipt").put("ja", receipt.ja()).put("en", receipt.en());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Verdict finish(
            ObjectNode report, Verdict verdict, ArrayNode reasons, String code, String ja, String en, String detail) {
        addReason(reasons, code, ja, en, detail);
        report.put("verdict", verdict.word());
        return verdict;
    }

    private static void addReason(ArrayNode reasons, Reason reason) {
        addReason(
                reasons, reason.code().name(), reason.code().ja(), reason.code().en(), reason.detail());
    }

    private static void addReason(ArrayNode reasons, String code, String ja, String en, String detail) {
        reasons.addObject().put("code", code).put("ja", ja).put("en", en).put("detail", detail);
    }
}
