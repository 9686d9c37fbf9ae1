package jp.kakehashi.appliance.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.item.DisarmPlan;
import jp.kakehashi.policies.ArchiveRules;
import jp.kakehashi.sanitizer.ArchiveLimits;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.Profile;

/** What an item's disarm plan asks of the sanitizer: a ladder per type, archive limits. */
final class PolicyDisarmOptions {
    private PolicyDisarmOptions() {}

    static DisarmOptions of(DisarmPlan plan) {
        Map<String, List<Profile>> byType = new HashMap<>();
        plan.profiles().forEach((type, profile) -> byType.put(type, ladder(profile)));
        Optional<ArchiveLimits> archives = plan.archives().map(PolicyDisarmOptions::limits);
        return new DisarmOptions(ladder(plan.defaultProfile()), byType, archives);
    }

    /** The policy names the weakest profile it accepts; anything stricter that works will do. */
    private static List<Profile> ladder(String word) {
        return Profile.valueOf(word.toUpperCase(Locale.ROOT)).atLeast();
    }

    /** The policy's four limits; how the sanitizer reads package XML and where ratios start stay its own. */
    private static ArchiveLimits limits(ArchiveRules rules) {
        ArchiveLimits built = ArchiveLimits.defaults();
        return new ArchiveLimits(
                rules.maxEntries(),
                rules.maxExpandedBytes(),
                rules.maxRatio(),
                built.ratioFloorBytes(),
                built.maxPackageXmlBytes(),
                rules.maxDepth());
    }
}
