package jp.kakehashi.policies;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.kakehashi.policies.dlp.DlpRules;
import jp.kakehashi.policies.imports.ImportSchema;
import org.jspecify.annotations.Nullable;

/**
 * Reads policy files. The format is documented, rule by rule, in the shipped
 * {@code default-policy.yaml} and in {@code docs/policy.md}. Every error names the file, line and
 * column and says what was expected; unknown keys are refused (a misspelt condition must never
 * silently widen a rule).
 */
public final class PolicyLoader {
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9.+-]+/([a-z0-9.+-]+|\\*)");
    private static final Pattern PARTY = Pattern.compile("(user|group|org):[^\\s:]+");
    private static final Set<String> BUILT_IN_DETECTORS =
            Set.of(DlpRules.MY_NUMBER, DlpRules.CORPORATE_NUMBER, DlpRules.CARD_NUMBER);

    private PolicyLoader() {}

    /** The name the shipped default policy goes by in errors and on the administrators' pages. */
    public static final String SHIPPED_DEFAULT = "default-policy.yaml";

    /** The default policy shipped with Kakehashi, following the MIC three-layer model. */
    public static Policy shippedDefault() {
        return read(new StringReader(shippedDefaultText()), SHIPPED_DEFAULT);
    }

    /** The shipped default policy's text, comments and all, as an administrator starts from it. */
    public static String shippedDefaultText() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(SHIPPED_DEFAULT)) {
            if (in == null) {
                throw new ConfigException(SHIPPED_DEFAULT + " is missing from the policies jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the shipped default policy", e);
        }
    }

    public static Policy load(Path file) {
        return read(YamlSection.load(file));
    }

    public static Policy read(Reader reader, String name) {
        return read(YamlSection.parse(reader, name));
    }

    private static Policy read(YamlSection root) {
        int version = root.integer("version", 1, 1, 1);
        if (version != 1) {
            throw root.error("version", "must be 1");
        }
        DlpRules dlp = dlp(root.section("dlp"));
        Set<String> detectors = new HashSet<>(dlp.detectorIds());
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlSection s : root.sections("rules")) {
            Rule rule = rule(s, detectors);
            if (!ids.add(rule.id().value())) {
                throw s.error("id", "'" + rule.id() + "' is used by two rules");
            }
            rules.add(rule);
        }
        Retention retention = root.has("retention") ? retention(root.section("retention")) : Retention.DEFAULT;
        List<ImportSchema> imports = new ArrayList<>();
        Set<String> importIds = new HashSet<>();
        for (YamlSection s : root.sections("imports")) {
            ImportSchema schema = ImportLayouts.read(s);
            if (!importIds.add(schema.id())) {
                throw s.error("id", "'" + schema.id() + "' is used by two imports");
            }
            imports.add(schema);
        }
        OriginalRelease originals =
                root.has("originals") ? originals(root.section("originals")) : OriginalRelease.DEFAULT;
        root.finish();
        return new Policy(rules, dlp, retention, imports, originals);
    }

    private static Rule rule(YamlSection s, Set<String> detectors) {
        RuleId id;
        try {
            id = new RuleId(s.requiredString("id"));
        } catch (IllegalArgumentException e) {
            throw s.error("id", String.valueOf(e.getMessage()));
        }
        Flow flow;
        try {
            flow = Flow.parse(s.requiredString("flow"));
        } catch (IllegalArgumentException e) {
            throw s.error("flow", String.valueOf(e.getMessage()));
        }
        String description = s.string("description", "");
        Match when = match(s.section("when"), detectors);
        Effect effect = word(s, "decide", Effect.values(), null);
        PolicyReason reason = PolicyReason.BLOCKED_BY_RULE;
        String message = "";
        Optional<Approval> approval = Optional.empty();
        if (effect == Effect.BLOCK) {
            reason = word(s, "reason", PolicyReason.values(), PolicyReason.BLOCKED_BY_RULE);
            message = s.string("message", "");
        } else {
            refuseKey(s, "reason", "only a rule that decides block gives a reason");
            refuseKey(s, "message", "only a rule that decides block gives a message");
        }
        if (effect == Effect.APPROVAL) {
            if (!s.has("approval")) {
                throw s.error("approval", "is required when the rule decides approval (kind, approvers, deadline)");
            }
            approval = Optional.of(approval(s.section("approval")));
        } else {
            refuseKey(s, "approval", "is only for a rule that decides approval");
        }
        Profiles profiles = profiles(s.section("profiles"));
        Optional<Retention> retention =
                s.has("retention") ? Optional.of(retention(s.section("retention"))) : Optional.empty();
        Optional<ArchiveRules> archives =
                s.has("archives") ? Optional.of(archives(s.section("archives"))) : Optional.empty();
        s.finish();
        return new Rule(id, description, flow, when, effect, reason, message, approval, profiles, retention, archives);
    }

    private static Match match(YamlSection w, Set<String> detectors) {
        List<String> types = mediaTypes(w, "types");
        List<String> typesNot = mediaTypes(w, "types-not");
        Set<String> extensions = new HashSet<>();
        for (String e : w.strings("extensions")) {
            extensions.add(e.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""));
        }
        Optional<Boolean> mismatch =
                w.has("type-mismatch") ? Optional.of(w.bool("type-mismatch", false)) : Optional.empty();
        long largerThan = w.has("larger-than") ? w.size("larger-than", 0) : -1;
        List<String> from = parties(w, "from");
        List<String> fromNot = parties(w, "from-not");
        List<String> to = parties(w, "to");
        List<String> toNot = parties(w, "to-not");
        Set<ScanVerdict> scan = EnumSet.noneOf(ScanVerdict.class);
        for (String v : w.strings("scan")) {
            scan.add(parseWord(w, "scan", v, ScanVerdict.values()));
        }
        Set<String> findings = new HashSet<>(w.strings("findings"));
        Set<String> dlp = new HashSet<>();
        for (String d : w.strings("dlp")) {
            if (!detectors.contains(d)) {
                throw w.error(
                        "dlp",
                        "names detector '" + d + "', which the dlp section does not turn on; known: "
                                + String.join(", ", detectors.stream().sorted().toList()));
            }
            dlp.add(d);
        }
        Optional<TimeWindow> hours = Optional.empty();
        Optional<String> hoursText = w.optionalString("hours");
        if (hoursText.isPresent()) {
            try {
                hours = Optional.of(TimeWindow.parse(hoursText.get()));
            } catch (IllegalArgumentException e) {
                throw w.error("hours", String.valueOf(e.getMessage()));
            }
        }
        w.finish();
        return new Match(
                types,
                typesNot,
                extensions,
                mismatch,
                largerThan,
                from,
                fromNot,
                to,
                toNot,
                scan,
                findings,
                dlp,
                hours);
    }

    private static List<String> mediaTypes(YamlSection w, String key) {
        List<String> types = new ArrayList<>();
        for (String t : w.strings(key)) {
            String type = t.strip().toLowerCase(Locale.ROOT);
            if (!MEDIA_TYPE.matcher(type).matches()) {
                throw w.error(key, "expected media types such as application/pdf or image/*, found '" + t + "'");
            }
            types.add(type);
        }
        return types;
    }

    private static List<String> parties(YamlSection w, String key) {
        List<String> parties = w.strings(key);
        for (String p : parties) {
            if (!PARTY.matcher(p).matches()) {
                throw w.error(key, "expected user:NAME, group:NAME or org:NAME, found '" + p + "'");
            }
        }
        return parties;
    }

    private static Approval approval(YamlSection a) {
        ApprovalKind kind = word(a, "kind", ApprovalKind.values(), null);
        List<String> approvers = parties(a, "approvers");
        if (approvers.isEmpty()) {
            throw a.error("approvers", "is required: who may approve, e.g. [group:kacho]");
        }
        Duration deadline = a.duration("deadline", Duration.ofDays(3));
        if (deadline.isZero() || deadline.isNegative()) {
            throw a.error("deadline", "must be longer than zero, e.g. 3d");
        }
        a.finish();
        return new Approval(kind, approvers, deadline);
    }

    private static OriginalRelease originals(YamlSection o) {
        Approval approval = o.has("approval") ? approval(o.section("approval")) : OriginalRelease.DEFAULT.approval();
        Duration availableFor = o.duration("available-for", OriginalRelease.DEFAULT.availableFor());
        o.finish();
        try {
            return new OriginalRelease(approval, availableFor);
        } catch (IllegalArgumentException e) {
            throw o.error("available-for", String.valueOf(e.getMessage()));
        }
    }

    private static Profiles profiles(YamlSection p) {
        Map<String, String> profiles = new LinkedHashMap<>();
        for (String type : p.keys()) {
            if (!type.equals(Profiles.DEFAULT) && !MEDIA_TYPE.matcher(type).matches()) {
                throw p.error(type, "must be a media type, a family such as image/*, or 'default'");
            }
            String profile = p.requiredString(type);
            if (!Profiles.WORDS.contains(profile)) {
                throw p.error(type, "expected one of " + String.join(", ", Profiles.WORDS) + ", was '" + profile + "'");
            }
            profiles.put(type, profile);
        }
        p.finish();
        return new Profiles(profiles);
    }

    private static Retention retention(YamlSection r) {
        Duration originals = r.duration("originals", Retention.DEFAULT.originals());
        Duration published = r.duration("published", Retention.DEFAULT.published());
        r.finish();
        try {
            return new Retention(originals, published);
        } catch (IllegalArgumentException e) {
            throw r.error("originals", String.valueOf(e.getMessage()));
        }
    }

    private static ArchiveRules archives(YamlSection a) {
        ArchiveRules rules = new ArchiveRules(
                a.integer("max-depth", 3, 1, 16),
                a.integer("max-entries", 10_000, 1, 1_000_000),
                a.size("max-expanded", 2L << 30),
                a.integer("max-ratio", 200, 1, 100_000));
        a.finish();
        return rules;
    }

    private static DlpRules dlp(YamlSection d) {
        DlpRules.MyNumberMode myNumber =
                word(d, DlpRules.MY_NUMBER, DlpRules.MyNumberMode.values(), DlpRules.MyNumberMode.OFF);
        boolean corporate = d.bool(DlpRules.CORPORATE_NUMBER, false);
        boolean cards = d.bool(DlpRules.CARD_NUMBER, false);
        Set<String> ids = new HashSet<>(BUILT_IN_DETECTORS);
        List<DlpRules.WordList> words = new ArrayList<>();
        for (YamlSection w : d.sections("word-lists")) {
            String id = detectorId(w, ids);
            try {
                words.add(new DlpRules.WordList(id, w.strings("words"), w.integer("threshold", 1, 1, 1_000_000)));
            } catch (IllegalArgumentException e) {
                throw w.error("words", String.valueOf(e.getMessage()));
            }
            w.finish();
        }
        List<DlpRules.PatternList> patterns = new ArrayList<>();
        for (YamlSection p : d.sections("patterns")) {
            String id = detectorId(p, ids);
            Pattern regex;
            try {
                regex = Pattern.compile(p.requiredString("regex"));
            } catch (PatternSyntaxException e) {
                throw p.error("regex", "is not a valid regular expression: " + e.getDescription());
            }
            patterns.add(new DlpRules.PatternList(id, regex, p.integer("threshold", 1, 1, 1_000_000)));
            p.finish();
        }
        d.finish();
        return new DlpRules(myNumber, corporate, cards, words, patterns);
    }

    private static String detectorId(YamlSection s, Set<String> taken) {
        String id = s.requiredString("id");
        try {
            new RuleId(id);
        } catch (IllegalArgumentException e) {
            throw s.error("id", String.valueOf(e.getMessage()).replace("rule id", "detector id"));
        }
        if (!taken.add(id)) {
            throw s.error("id", "'" + id + "' is already a detector id");
        }
        return id;
    }

    private static void refuseKey(YamlSection s, String key, String why) {
        if (s.has(key)) {
            throw s.error(key, why);
        }
    }

    /** Reads a word such as {@code two-person} into its enum constant; required when {@code fallback} is null. */
    static <E extends Enum<E>> E word(YamlSection s, String key, E[] values, @Nullable E fallback) {
        Optional<String> text = s.optionalString(key);
        if (text.isEmpty()) {
            if (fallback == null) {
                throw s.error(key, "is required; expected one of " + choices(values));
            }
            return fallback;
        }
        return parseWord(s, key, text.get(), values);
    }

    private static <E extends Enum<E>> E parseWord(YamlSection s, String key, String text, E[] values) {
        String constant = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : values) {
            if (e.name().equals(constant)) {
                return e;
            }
        }
        throw s.error(key, "expected one of " + choices(values) + ", was '" + text + "'");
    }

    private static <E extends Enum<E>> String choices(E[] values) {
        List<String> words = new ArrayList<>();
        for (E e : values) {
            words.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", words);
    }
}
