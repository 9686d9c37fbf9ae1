package jp.kakehashi.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringReader;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.policies.dlp.DlpFinding;
import jp.kakehashi.policies.dlp.DlpScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {
    private static final Flow IN = Flow.parse("internet->lgwan");
    private static final Flow OUT = Flow.parse("lgwan->internet");
    private static final String PDF = "application/pdf";
    private static final Party TANAKA = new Party("tanaka", Set.of("somu", "kakaricho"), "city");
    private static final Party ACME = new Party("acme-user", Set.of(), "acme");

    private final Policy shipped = PolicyLoader.shippedDefault();

    /** The shipped default's decisions for example files, pinned. */
    @ParameterizedTest(name = "{0} {1} {2} bytes mismatch={3} text={4} -> {5} {6}")
    @CsvSource({
        "internet->lgwan, application/pdf,          1000,       false, '', allow, inbound-documents",
        "internet->lgwan, image/png,                1000,       false, '', allow, inbound-documents",
        "internet->lgwan, application/x-msdownload, 1000,       false, '', NO_RULE_ALLOWS, ''",
        "internet->lgwan, application/pdf,          2147483648, false, '', SIZE_LIMIT, inbound-size",
        "internet->lgwan, application/pdf,          1000,       true,  '', TYPE_MISMATCH, inbound-mismatch",
        "lgwan->internet, text/csv,                 1000,       false, '', approval, outbound-documents outbound-supervisor",
        "lgwan->internet, text/csv,                 1000,       false, 個人番号 123456789018, PERSONAL_NUMBER, outbound-my-number",
        "lgwan->internet, application/pdf,          1000,       false, この資料は部外秘です, approval, outbound-documents outbound-supervisor outbound-confidential",
        "lgwan->internet, application/x-msdownload, 1000,       false, '', NO_RULE_ALLOWS, ''",
        "lgwan->mynumber, application/pdf,          1000,       false, '', NO_RULE_ALLOWS, ''",
        "lgwan->mynumber, text/csv,                 1000,       false, '', approval, mynumber-import mynumber-two-person",
        "lgwan->mynumber, text/csv,                 104857600,  false, '', SIZE_LIMIT, mynumber-size",
        "internet->mynumber, text/csv,              1000,       false, '', FLOW_DENIED, ''",
    })
    void theShippedPolicyDecides(
            String flow, String type, long size, boolean mismatch, String text, String expected, String rules) {
        Policy p = shipped;
        Facts facts = Facts.of(Flow.parse(flow), type, size, mismatch)
                .withContent(new ContentFacts(Set.of(), new DlpScanner(p.dlp()).scan(text)));
        Decision d = p.decide(facts);
        if (expected.equals("allow") || expected.equals("approval")) {
            assertThat(d.word()).isEqualTo(expected);
        } else {
            assertThat(d)
                    .isInstanceOfSatisfying(
                            Decision.Block.class,
                            b -> assertThat(b.reason().name()).isEqualTo(expected));
        }
        assertThat(d.rules().stream().map(RuleId::value).toList())
                .isEqualTo(rules.isEmpty() ? List.of() : List.of(rules.split(" ")));
    }

    /**
     * A file whose text could not be read has not been checked for an Individual Number: going out,
     * it is blocked with that reason, never passed as if it had none; coming in, it is not.
     */
    @Test
    void aFileWhoseTextCouldNotBeReadDoesNotLeaveUnchecked() {
        ContentFacts unreadable = new ContentFacts(Set.of(ContentFacts.TEXT_UNREADABLE), List.of());
        assertThat(shipped.decide(Facts.of(OUT, PDF, 1000, false).withContent(unreadable)))
                .isInstanceOfSatisfying(Decision.Block.class, b -> {
                    assertThat(b.reason()).isEqualTo(PolicyReason.TEXT_UNREADABLE);
                    assertThat(b.rules()).containsExactly(new RuleId("outbound-unreadable"));
                });
        assertThat(shipped.decide(Facts.of(Flow.parse("internet->lgwan"), PDF, 1000, false)
                        .withContent(unreadable)))
                .isInstanceOf(Decision.Allow.class);
    }

    @Test
    void theShippedPolicyAsksATrustedPartnerForNoSupervisor() {
        Facts toTrusted = Facts.of(OUT, PDF, 1000, false)
                .withParties(TANAKA, new Party("", Set.of(), "trusted-partner-example"))
                .withContent(new ContentFacts(Set.of(), List.of()));
        assertThat(shipped.decide(toTrusted)).isInstanceOf(Decision.Allow.class);
        Decision toOthers = shipped.decide(toTrusted.withParties(TANAKA, ACME));
        assertThat(toOthers).isInstanceOfSatisfying(Decision.NeedsApproval.class, a -> {
            assertThat(a.approvals()).singleElement().satisfies(x -> {
                assertThat(x.kind()).isEqualTo(ApprovalKind.SUPERVISOR);
                assertThat(x.approvers()).contains("group:kacho");
                assertThat(x.deadline()).isEqualTo(Duration.ofDays(3));
            });
            assertThat(a.settings().retention()).isPresent();
        });
    }

    /** One rule dimension at a time: a block rule with only that condition, over an allow-all rule. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "types: [application/pdf]           | pdf",
                "types: [image/*]                   | png",
                "types-not: [image/*]               | pdf",
                "extensions: [exe]                  | named exe",
                "type-mismatch: true                | mismatch",
                "larger-than: 1MB                   | 2 MB",
                "from: [user:tanaka]                | from tanaka",
                "from: [group:somu]                 | from tanaka",
                "from-not: [org:acme]               | from tanaka",
                "to: [org:acme]                     | to acme",
                "to-not: [org:city]                 | to acme",
                "scan: [unscannable]                | unscannable",
                "findings: [macro]                  | macro removed",
                "dlp: [secret]                      | secret text",
                "hours: \"17:15-08:30\"             | at 22:00",
            })
    void eachConditionBlocksOnlyTheFilesItNames(String condition, String matchingCase) {
        Policy p = PolicyLoader.read(new StringReader("""
                dlp:
                  word-lists:
                    - id: secret
                      words: [部外秘]
                rules:
                  - id: everything
                    flow: internet -> lgwan
                    decide: allow
                  - id: the-condition
                    flow: internet -> lgwan
                    when: {%s}
                    decide: block
                """.formatted(condition)), "dimension.yaml");
        Facts plain = Facts.of(IN, PDF, 1000, false)
                .withExtension("pdf")
                .withParties(ACME, new Party("", Set.of(), "city"))
                .at(LocalTime.of(10, 0))
                .withContent(new ContentFacts(Set.of(), List.of()));
        Facts matching = switch (matchingCase) {
            case "pdf" -> plain;
            case "png" -> Facts.of(IN, "image/png", 1000, false).withContent(new ContentFacts(Set.of(), List.of()));
            case "named exe" -> plain.withExtension("exe");
            case "mismatch" -> Facts.of(IN, PDF, 1000, true).withContent(new ContentFacts(Set.of(), List.of()));
            case "2 MB" -> Facts.of(IN, PDF, 2L << 20, false).withContent(new ContentFacts(Set.of(), List.of()));
            case "from tanaka" -> plain.withParties(TANAKA, new Party("", Set.of(), "city"));
            case "to acme" -> plain.withParties(TANAKA, ACME);
            case "unscannable" -> plain.withScan(ScanVerdict.UNSCANNABLE);
            case "macro removed" -> plain.withContent(new ContentFacts(Set.of("macro"), List.of()));
            case "secret text" ->
                plain.withContent(new ContentFacts(Set.of(), List.of(new DlpFinding("secret", 1, "部外秘"))));
            case "at 22:00" -> plain.at(LocalTime.of(22, 0));
            default -> throw new IllegalArgumentException(matchingCase);
        };
        Facts other = plain;
        if (matchingCase.equals("pdf")) {
            other = Facts.of(IN, condition.startsWith("types-not") ? "image/png" : "text/plain", 1000, false)
                    .withContent(new ContentFacts(Set.of(), List.of()));
        }
        assertThat(p.decide(matching)).as(condition + " holds").isInstanceOfSatisfying(Decision.Block.class, b -> {
            assertThat(b.rules()).containsExactly(new RuleId("the-condition"));
            assertThat(b.reason()).isEqualTo(PolicyReason.BLOCKED_BY_RULE);
        });
        assertThat(p.decide(other))
                .as(condition + " does not hold")
                .isInstanceOfSatisfying(
                        Decision.Allow.class, a -> assertThat(a.rules()).containsExactly(new RuleId("everything")));
        // policy explain names the condition that kept the rule from applying, as the file spells it.
        assertThat(p.trace(other))
                .extracting(t -> t.id().value(), Policy.RuleTrace::failedOn)
                .containsExactly(
                        tuple("everything", Optional.empty()),
                        tuple("the-condition", Optional.of(condition.substring(0, condition.indexOf(':')))));
        assertThat(p.trace(matching)).allMatch(Policy.RuleTrace::applied);
    }

    @Test
    void blockBeatsApprovalBeatsAllowAndEveryContributingRuleIsCited() {
        Policy p = PolicyLoader.read(new StringReader("""
                rules:
                  - id: allow-all
                    flow: lgwan -> internet
                    decide: allow
                    profiles: {default: rebuild, application/pdf: rebuild}
                    retention: {originals: 30d, published: 30d}
                  - id: big-needs-officer
                    flow: lgwan -> internet
                    when: {larger-than: 1MB}
                    decide: approval
                    approval: {kind: security-officer, approvers: [group:officers], deadline: 1d}
                    profiles: {application/pdf: flatten}
                    retention: {originals: 365d, published: 7d}
                  - id: big-needs-kacho
                    flow: lgwan -> internet
                    when: {larger-than: 1MB}
                    decide: approval
                    approval: {kind: supervisor, approvers: [group:kacho]}
                  - id: huge-blocked
                    flow: lgwan -> internet
                    when: {larger-than: 10MB}
                    decide: block
                    reason: size-limit
                    message: 10MB まで / up to 10MB
                """), "combine.yaml");
        assertThat(p.decide(Facts.of(OUT, PDF, 1000, false))).isInstanceOfSatisfying(Decision.Allow.class, a -> {
            assertThat(a.rules()).containsExactly(new RuleId("allow-all"));
            assertThat(a.settings().profileFor(PDF)).isEqualTo("rebuild");
        });
        assertThat(p.decide(Facts.of(OUT, PDF, 2L << 20, false)))
                .isInstanceOfSatisfying(Decision.NeedsApproval.class, a -> {
                    assertThat(a.rules())
                            .extracting(RuleId::value)
                            .containsExactly("allow-all", "big-needs-officer", "big-needs-kacho");
                    assertThat(a.approvals())
                            .extracting(Approval::kind)
                            .containsExactly(ApprovalKind.SECURITY_OFFICER, ApprovalKind.SUPERVISOR);
                    assertThat(a.settings().profileFor(PDF))
                            .as("the strictest profile")
                            .isEqualTo("flatten");
                    assertThat(a.settings().profileFor("text/plain")).isEqualTo("rebuild");
                    assertThat(a.settings().defaultProfile()).isEqualTo("rebuild");
                    assertThat(a.settings().namedTypes()).containsExactly(PDF);
                    assertThat(a.settings().retention().orElseThrow())
                            .as("originals kept longest, renditions shortest")
                            .isEqualTo(new Retention(Duration.ofDays(365), Duration.ofDays(7)));
                });
        assertThat(p.decide(Facts.of(OUT, PDF, 20L << 20, false))).isInstanceOfSatisfying(Decision.Block.class, b -> {
            assertThat(b.rules()).containsExactly(new RuleId("huge-blocked"));
            assertThat(b.reason()).isEqualTo(PolicyReason.SIZE_LIMIT);
            assertThat(b.detail()).isEqualTo("10MB まで / up to 10MB");
        });
        assertThat(p.decide(Facts.of(IN, PDF, 1000, false)))
                .as("a flow with no rule is denied")
                .isInstanceOfSatisfying(
                        Decision.Block.class, b -> assertThat(b.reason()).isEqualTo(PolicyReason.FLOW_DENIED));
    }

    @Test
    void rulesOnContentWaitForTheDisarmedFile() {
        assertThat(shipped.needsContent(OUT)).isTrue();
        assertThat(shipped.needsContent(IN)).isFalse();
        Facts received = Facts.of(OUT, "text/csv", 1000, false).withParties(TANAKA, ACME);
        assertThat(shipped.decide(received))
                .as("before disarm the DLP rule cannot hold yet")
                .isInstanceOf(Decision.NeedsApproval.class);
        Facts disarmed = received.withContent(
                new ContentFacts(Set.of(), new DlpScanner(shipped.dlp()).scan("氏名,個人番号\n山田太郎,123456789018\n")));
        assertThat(shipped.decide(disarmed))
                .isInstanceOfSatisfying(
                        Decision.Block.class,
                        b -> assertThat(b.rules()).containsExactly(new RuleId("outbound-my-number")));
    }

    @Test
    void replayingRecordedFactsReachesThePipelinesDecisionInItsTwoSteps() {
        Facts csv = Facts.of(OUT, "text/csv", 1000, false).withParties(TANAKA, ACME);
        Facts withNumber = csv.withContent(
                new ContentFacts(Set.of(), new DlpScanner(shipped.dlp()).scan("氏名,個人番号\n山田太郎,123456789018\n")));
        assertThat(shipped.replay(withNumber)).isInstanceOf(Decision.Block.class);
        assertThat(shipped.replay(csv.withContent(new ContentFacts(Set.of(), List.of()))))
                .isInstanceOf(Decision.NeedsApproval.class);
        // Blocked on what was known at receipt: the content never counts, even if it was recorded.
        Facts tooLarge = Facts.of(OUT, "text/csv", 200L << 20, false)
                .withParties(TANAKA, ACME)
                .withContent(new ContentFacts(Set.of(), List.of()));
        assertThat(shipped.replay(tooLarge))
                .isInstanceOfSatisfying(
                        Decision.Block.class, b -> assertThat(b.rules()).containsExactly(new RuleId("outbound-size")));
        assertThat(withNumber.withoutContent().content()).isEmpty();
    }

    @Test
    void retentionComesFromTheDecisionsRulesElseThePolicysDefault() {
        Policy p = PolicyLoader.read(new StringReader("""
                retention: {originals: 400d, published: 3d}
                rules:
                  - id: documents
                    flow: internet -> lgwan
                    when: {types: [application/pdf]}
                    decide: allow
                    retention: {originals: 10d, published: 1d}
                  - id: text
                    flow: internet -> lgwan
                    when: {types: [text/plain]}
                    decide: allow
                """), "retention.yaml");
        assertThat(p.retention()).isEqualTo(new Retention(Duration.ofDays(400), Duration.ofDays(3)));
        assertThat(p.retentionFor(p.decide(Facts.of(IN, PDF, 10, false))))
                .isEqualTo(new Retention(Duration.ofDays(10), Duration.ofDays(1)));
        assertThat(p.retentionFor(p.decide(Facts.of(IN, "text/plain", 10, false))))
                .isEqualTo(p.retention());
        assertThat(p.retentionFor(p.decide(Facts.of(IN, "image/png", 10, false))))
                .as("blocked files are kept by the default")
                .isEqualTo(p.retention());
        assertThat(shipped.retention()).isEqualTo(Retention.DEFAULT);
    }

    @Test
    void originalsSectionNamesTheApproversAndTheTimeOut() {
        assertThat(shipped.originals().approval().kind()).isEqualTo(ApprovalKind.SECURITY_OFFICER);
        assertThat(shipped.originals().availableFor()).isEqualTo(Duration.ofHours(24));
        Policy p = PolicyLoader.read(new StringReader("""
                originals:
                  approval: {kind: supervisor, approvers: [group:kacho], deadline: 4h}
                  available-for: 2h
                rules: []
                """), "originals.yaml");
        assertThat(p.originals())
                .isEqualTo(new OriginalRelease(
                        new Approval(ApprovalKind.SUPERVISOR, List.of("group:kacho"), Duration.ofHours(4)),
                        Duration.ofHours(2)));
        assertThat(PolicyLoader.read(new StringReader("rules: []\n"), "none.yaml")
                        .originals())
                .isEqualTo(OriginalRelease.DEFAULT);
        assertThatThrownBy(() -> PolicyLoader.read(
                        new StringReader("originals:\n  available-for: 30d\nrules: []\n"), "city.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("city.yaml:2:")
                .hasMessageContaining("at most 7d");
        assertThatThrownBy(() -> PolicyLoader.read(
                        new StringReader("originals:\n  approval: {kind: supervisor}\nrules: []\n"), "city.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("approvers");
    }

    /** A rule's default is as binding as its named types: another rule's milder entry for one type does not weaken it. */
    @Test
    void theStrictestProfileWinsPerTypeWithEachRulesDefaultCounted() {
        Policy p = PolicyLoader.read(new StringReader("""
                rules:
                  - id: pdf-rebuilt
                    flow: internet -> lgwan
                    decide: allow
                    profiles: {application/pdf: rebuild, image/*: rebuild}
                  - id: night-text-only
                    flow: internet -> lgwan
                    when: {hours: "00:00-08:00"}
                    decide: allow
                    profiles: {default: text, image/*: flatten}
                  - id: small-archives
                    flow: internet -> lgwan
                    decide: allow
                    archives: {max-depth: 2, max-entries: 50}
                  - id: any-archives
                    flow: internet -> lgwan
                    decide: allow
                    archives: {max-entries: 500, max-ratio: 50}
                """), "night.yaml");
        Facts day = Facts.of(IN, PDF, 1000, false).at(LocalTime.of(10, 0));
        Facts night = day.at(LocalTime.of(3, 0));

        Settings daytime = ((Decision.Allow) p.decide(day)).settings();
        assertThat(daytime.profileFor(PDF)).isEqualTo("rebuild");
        assertThat(daytime.profileFor("image/png")).isEqualTo("rebuild");
        assertThat(daytime.defaultProfile()).isEqualTo("rebuild");

        Settings atNight = ((Decision.Allow) p.decide(night)).settings();
        assertThat(atNight.profileFor(PDF))
                .as("the other rule's default beats rebuild")
                .isEqualTo("text");
        assertThat(atNight.profileFor("image/png")).isEqualTo("flatten");
        assertThat(atNight.profileFor("image/*")).isEqualTo("flatten");
        assertThat(atNight.defaultProfile()).isEqualTo("text");
        assertThat(atNight.namedTypes()).containsExactly(PDF, "image/*");
        assertThat(atNight.archives())
                .as("each limit the stricter of the two; unset ones take the shipped default")
                .contains(new ArchiveRules(2, 50, 2L << 30, 50));
    }

    /** Each mistake is named with file, line and column, and what was expected. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "when: {typez: [application/pdf]}                  | unknown key",
                "when: {types: [pdf]}                              | expected media types such as application/pdf",
                "when: {dlp: [my-number]}                          | which the dlp section does not turn on",
                "when: {from: [tanaka]}                            | expected user:NAME, group:NAME or org:NAME",
                "when: {hours: \"8時-17時\"}                           | expected a time range such as 08:30-17:15",
                "when: {larger-than: 10 apples}                    | expected a size such as 512KB",
                "reason: size-limit                                | only a rule that decides block gives a reason",
                "approval: {kind: supervisor, approvers: [group:a]} | is only for a rule that decides approval",
                "profiles: {application/pdf: shred}                | expected one of rebuild, flatten, text",
                "profiles: {pdf: text}                             | must be a media type, a family such as image/*",
                "archives: {max-depth: 0}                          | between 1 and 16",
            })
    void lintNamesWhereAndWhatWasExpected(String extra, String expected) {
        String yaml = "rules:\n  - id: r\n    flow: internet -> lgwan\n    decide: allow\n    " + extra + "\n";
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader(yaml), "city.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching("city\\.yaml:\\d+:\\d+: .*")
                .hasMessageContaining(expected);
    }

    @Test
    void lintRefusesAnApprovalWithoutItsDetailsAndDuplicateIds() {
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                rules:
                  - id: r
                    flow: lgwan -> internet
                    decide: approval
                """), "city.yaml"))
                .hasMessageContaining("is required when the rule decides approval");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                rules:
                  - id: a
                    flow: internet -> lgwan
                    decide: allow
                  - id: a
                    flow: lgwan -> internet
                    decide: allow
                """), "city.yaml"))
                .hasMessageContaining("used by two rules");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("""
                rules:
                  - id: out
                    flow: mynumber -> lgwan
                    decide: allow
                """), "city.yaml"))
                .hasMessageStartingWith("city.yaml:3:")
                .hasMessageContaining("no flow leaves the My Number zone");
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader("rules: [\n"), "broken.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("broken.yaml:");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append("]\n");
        }
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader(yaml.toString()), "bomb.yaml"))
                .isInstanceOf(ConfigException.class);
    }
}
