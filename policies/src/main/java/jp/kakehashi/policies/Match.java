package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code when:} of a rule: every condition given must hold; a list means "any of these". An
 * empty match holds for every file of the rule's flow.
 *
 * @param types true types, {@code image/*} for a whole family
 * @param typesNot true types the rule does not apply to
 * @param extensions extensions of the name as sent, without the dot
 * @param typeMismatch whether the name must (true) or must not (false) claim another type
 * @param largerThan applies to files of more than this many bytes (-1: any size)
 * @param from senders ({@code user:}, {@code group:}, {@code org:} patterns)
 * @param fromNot senders the rule does not apply to
 * @param to recipients
 * @param toNot recipients the rule does not apply to (e.g. trusted partner organisations)
 * @param scan scanner verdicts
 * @param findings kinds of element the sanitizer removed
 * @param dlp DLP detector ids that fired
 * @param hours time of day, Japan time
 */
public record Match(
        List<String> types,
        List<String> typesNot,
        Set<String> extensions,
        Optional<Boolean> typeMismatch,
        long largerThan,
        List<String> from,
        List<String> fromNot,
        List<String> to,
        List<String> toNot,
        Set<ScanVerdict> scan,
        Set<String> findings,
        Set<String> dlp,
        Optional<TimeWindow> hours) {
    public Match {
        types = List.copyOf(types);
        typesNot = List.copyOf(typesNot);
        extensions = Set.copyOf(extensions);
        requireNonNull(typeMismatch, "typeMismatch");
        from = List.copyOf(from);
        fromNot = List.copyOf(fromNot);
        to = List.copyOf(to);
        toNot = List.copyOf(toNot);
        scan = Set.copyOf(scan);
        findings = Set.copyOf(findings);
        dlp = Set.copyOf(dlp);
        requireNonNull(hours, "hours");
    }

    /** Holds for every file. */
    public static Match always() {
        return new Match(
                List.of(),
                List.of(),
                Set.of(),
                Optional.empty(),
                -1,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                Optional.empty());
    }

    /** Whether the match looks at what is only known after disarming (sanitizer or DLP findings). */
    public boolean needsContent() {
        return !findings.isEmpty() || !dlp.isEmpty();
    }

    /**
     * Whether every condition holds. A condition on content not yet known does not hold: the
     * rule is decided again once the file is disarmed.
     */
    public boolean matches(Facts f) {
        return firstFailure(f).isEmpty();
    }

    /**
     * The first condition that does not hold, by its name in the policy file ({@code types},
     * {@code from-not}, ...), or empty when the rule applies: what {@code policy explain} shows.
     */
    public Optional<String> firstFailure(Facts f) {
        if (!types.isEmpty() && types.stream().noneMatch(t -> typeMatches(t, f.mediaType()))) {
            return Optional.of("types");
        }
        if (typesNot.stream().anyMatch(t -> typeMatches(t, f.mediaType()))) {
            return Optional.of("types-not");
        }
        if (!extensions.isEmpty() && !extensions.contains(f.extension())) {
            return Optional.of("extensions");
        }
        if (typeMismatch.isPresent() && typeMismatch.get() != f.typeMismatch()) {
            return Optional.of("type-mismatch");
        }
        if (largerThan >= 0 && f.sizeBytes() <= largerThan) {
            return Optional.of("larger-than");
        }
        if (!from.isEmpty() && !f.sender().matchesAny(from)) {
            return Optional.of("from");
        }
        if (f.sender().matchesAny(fromNot)) {
            return Optional.of("from-not");
        }
        if (!to.isEmpty() && !f.recipient().matchesAny(to)) {
            return Optional.of("to");
        }
        if (f.recipient().matchesAny(toNot)) {
            return Optional.of("to-not");
        }
        if (!scan.isEmpty() && !scan.contains(f.scan())) {
            return Optional.of("scan");
        }
        if (hours.isPresent() && !hours.get().contains(f.timeOfDay())) {
            return Optional.of("hours");
        }
        if (needsContent()) {
            if (f.content().isEmpty()) {
                return Optional.of(!findings.isEmpty() ? "findings" : "dlp");
            }
            ContentFacts c = f.content().get();
            if (!findings.isEmpty() && findings.stream().noneMatch(c.sanitizerFindings()::contains)) {
                return Optional.of("findings");
            }
            if (!dlp.isEmpty() && dlp.stream().noneMatch(c::dlpFired)) {
                return Optional.of("dlp");
            }
        }
        return Optional.empty();
    }

    static boolean typeMatches(String pattern, String mediaType) {
        return pattern.endsWith("/*")
                ? mediaType.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(mediaType);
    }
}
