package jp.kakehashi.appliance.portal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.policy.PolicyRefused;
import jp.kakehashi.appliance.policy.PolicyVersion;
import jp.kakehashi.appliance.policy.PolicyVersions;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.web.port.PolicyAdministration;
import jp.kakehashi.web.port.PolicyText;
import jp.kakehashi.web.port.PolicyVersionView;
import jp.kakehashi.web.port.Proposal;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;

/**
 * ポリシー管理 on the portal over the same {@link PolicyVersions} as {@code kakehashi policy
 * propose|confirm}: the same lint, the same four eyes, the same audit records; the running
 * appliance puts a confirmed version in force as it does for the command line.
 */
public final class PortalPolicies implements PolicyAdministration {
    /** The name a text typed on the portal goes by in lint errors and in the list of versions. */
    static final String SOURCE = "portal.yaml";

    /** A diff longer than this is cut: the full text is on the same page. */
    private static final int MAX_DIFF_LINES = 2_000;

    private final PolicyVersions versions;
    private final Optional<Path> configured;

    /** @param configured the configured policy file, or empty for the shipped default */
    public PortalPolicies(PolicyVersions versions, Optional<Path> configured) {
        this.versions = versions;
        this.configured = configured;
    }

    @Override
    public PolicyText inForce() {
        Optional<PolicyVersion> active = versions.active();
        if (active.isEmpty()) {
            return configuredFile();
        }
        PolicyVersion v = active.get();
        if (lint(v.text(), v.source()).isPresent()) {
            PolicyText file = configuredFile();
            return new PolicyText(
                    file.source(),
                    file.text(),
                    file.sha256(),
                    Optional.empty(),
                    "適用中の版 #" + v.id() + " を読み込めないため、設定ファイルのポリシーを使っています。 / Version #" + v.id()
                            + " no longer lints, so the configured file is in force.");
        }
        return new PolicyText(v.source(), v.text(), v.sha256(), Optional.of(v.id()), "");
    }

    @Override
    public PolicyText configuredFile() {
        if (configured.isEmpty()) {
            String text = PolicyLoader.shippedDefaultText();
            return new PolicyText(
                    PolicyLoader.SHIPPED_DEFAULT, text, PolicyVersions.sha256(text), Optional.empty(), "");
        }
        Path file = configured.get();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new PolicyText(file.toString(), text, PolicyVersions.sha256(text), Optional.empty(), "");
        } catch (IOException e) {
            return new PolicyText(
                    file.toString(),
                    "",
                    PolicyVersions.sha256(""),
                    Optional.empty(),
                    "設定ファイルを読めません / cannot read the configured file: " + file + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public List<PolicyVersionView> versions() {
        return versions.list().stream().map(v -> view(v, List.of())).toList();
    }

    @Override
    public Optional<PolicyVersionView> version(long id) {
        return versions.find(id).map(v -> view(v, changes(inForce().text(), v.text(), v.id())));
    }

    @Override
    public Optional<String> lint(String text) {
        return lint(text, SOURCE);
    }

    @Override
    public Proposal propose(User admin, String text, String reason) {
        // Lint here too so the page can show where the text is broken (a missing reason is said
        // first, as the command line does); propose lints again before recording.
        Optional<String> broken = lint(text);
        if (broken.isPresent() && !reason.isBlank()) {
            PolicyRefused.Reason r = PolicyRefused.Reason.DOES_NOT_LINT;
            return new Proposal.Refused(r.name(), r.japanese(), r.english(), broken.get());
        }
        try {
            return new Proposal.Proposed(
                    versions.propose(SOURCE, text, admin.name(), reason).id());
        } catch (PolicyRefused e) {
            return new Proposal.Refused(
                    e.reason().name(), e.reason().japanese(), e.reason().english(), "");
        }
    }

    @Override
    public Verdict confirm(User admin, long id, String sha256) {
        try {
            versions.confirm(id, admin.name(), Optional.of(sha256));
            return new Verdict.Accepted(true);
        } catch (PolicyRefused e) {
            return new Verdict.Refused(
                    e.reason().name(), e.reason().japanese(), e.reason().english());
        }
    }

    private static Optional<String> lint(String text, String source) {
        if (text.length() > PolicyVersions.MAX_CHARS) {
            return Optional.of(source + " has more than " + PolicyVersions.MAX_CHARS + " characters");
        }
        try {
            PolicyLoader.read(new StringReader(text), source);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** A unified diff from the text in force to the version's, without its two header lines. */
    static List<String> changes(String inForce, String proposed, long id) {
        List<String> before = inForce.lines().toList();
        List<String> after = proposed.lines().toList();
        List<String> diff =
                UnifiedDiffUtils.generateUnifiedDiff("in-force", "#" + id, before, DiffUtils.diff(before, after), 3);
        List<String> body = diff.size() > 2 ? diff.subList(2, diff.size()) : List.of();
        return body.size() > MAX_DIFF_LINES ? body.subList(0, MAX_DIFF_LINES) : body;
    }

    private static PolicyVersionView view(PolicyVersion v, List<String> changes) {
        return new PolicyVersionView(
                v.id(),
                v.source(),
                v.text(),
                v.sha256(),
                v.reason(),
                v.proposedBy(),
                v.proposedAt(),
                v.confirmedBy(),
                v.confirmedAt(),
                v.activatedAt(),
                v.state().name(),
                v.detail(),
                changes);
    }
}
