package jp.kakehashi.appliance.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.policies.ArchiveRules;
import jp.kakehashi.policies.Settings;
import jp.kakehashi.sanitizer.ArchiveLimits;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.Profile;

/** What the policy's settings for an item ask of the sanitizer: a ladder per type, archive limits. */
final class PolicyDisarmOptions {
    private PolicyDisarmOptions() {}

    static DisarmOptions of(Settings settings) {
        Map<String, List<Profile>> byType = new HashMap<>();
        for (String type : settings.namedTypes()) {
            byType.put(type, ladder(settings.profileFor(type)));
        }
        Optional<ArchiveLimits> archives = settings.archives().map(PolicyDisarmOptions::limits);
        return new DisarmOptions(ladder(settings.defaultProfile()), byType, archives);
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
