package jp.kakehashi.appliance.policy;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import jp.kakehashi.policies.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy the appliance decides by: the confirmed version in force, else the configured file;
 * a version confirmed meanwhile is put in force by {@link #refresh}, unless it no longer lints.
 */
public final class PolicyInForce implements Supplier<Policy> {
    private static final Logger log = LoggerFactory.getLogger(PolicyInForce.class);

    private final PolicyVersions versions;
    private final AtomicReference<Policy> policy;

    private PolicyInForce(PolicyVersions versions, Policy inForce) {
        this.versions = versions;
        this.policy = new AtomicReference<>(inForce);
    }

    /** The version in force at start (said in the log), then any confirmed since put in force. */
    public static PolicyInForce open(PolicyVersions versions, Policy configured) {
        Policy inForce = requireNonNull(versions).inForce(requireNonNull(configured));
        versions.active().ifPresent(v -> {
            if (inForce == configured) {
                log.error(
                        "policy version {} no longer lints; the configured policy file is in force instead."
                                + " 適用中のポリシーの版を読み込めないため、設定ファイルのポリシーを使います",
                        v.id());
            } else {
                log.info(
                        "policy version {} (confirmed by {}) is in force",
                        v.id(),
                        v.confirmedBy().orElse(""));
            }
        });
        PolicyInForce p = new PolicyInForce(versions, inForce);
        p.refresh();
        return p;
    }

    @Override
    public Policy get() {
        return policy.get();
    }

    /** Puts a newly confirmed policy version in force, or keeps the one in force if it does not lint. */
    public void refresh() {
        switch (versions.activate()) {
            case PolicyVersions.Activation.Nothing n -> {}
            case PolicyVersions.Activation.Activated a -> {
                policy.set(a.policy());
                log.info(
                        "policy version {} is now in force (proposed by {}, confirmed by {})",
                        a.version().id(),
                        a.version().proposedBy(),
                        a.version().confirmedBy().orElse(""));
            }
            case PolicyVersions.Activation.Refused r ->
                log.error(
                        "policy version {} does NOT lint and was not put in force; the policy in force stays."
                                + " ポリシーに誤りがあるため適用しませんでした: {}",
                        r.version().id(),
                        r.error());
        }
    }
}
