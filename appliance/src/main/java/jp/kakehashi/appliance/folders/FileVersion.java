package jp.kakehashi.appliance.folders;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.policies.Zone;

/**
 * One version of a folder file. Its bytes are a transfer item; {@code itemState} is where that
 * item is in the pipeline, which decides who may see the version yet.
 *
 * @param zone the zone its bytes came from (a restore keeps the restored version's)
 * @param basedOn the version its author started from (0 for a new file)
 * @param restoredFrom the older version whose bytes this one brings back, if it is a restore
 */
public record FileVersion(
        long file,
        int number,
        String item,
        Zone zone,
        String author,
        int basedOn,
        Optional<Integer> restoredFrom,
        Instant createdAt,
        String itemState) {
    /**
     * Whether members in {@code viewer}'s zone may see it: staff see their colleagues' versions at
     * once (unless the scan quarantined them); anything else is seen only once its item was
     * published (a partner's version disarmed for LGWAN, a staff version through the outbound
     * policy and its approval for the internet).
     */
    public boolean visibleIn(Zone viewer) {
        if (zone == Zone.LGWAN && viewer == Zone.LGWAN) {
            return !itemState.equals("QUARANTINED");
        }
        return itemState.equals("PUBLISHED");
    }

    /**
     * Whether no member will ever see it: quarantined, or a partner's version that was blocked or
     * rejected. Such a version does not count as the one the next upload must be based on, or
     * one bad upload would make every later one a conflict.
     */
    public boolean dead() {
        return switch (itemState) {
            case "QUARANTINED" -> true;
            case "BLOCKED", "REJECTED" -> zone != Zone.LGWAN;
            default -> false;
        };
    }

    /**
     * Whether {@code viewer}'s zone is handed the bytes as they were uploaded: only staff, for a
     * colleague's version. Everyone else gets the rendition the pipeline made.
     */
    public boolean servesOriginalTo(Zone viewer) {
        return zone == Zone.LGWAN && viewer == Zone.LGWAN;
    }
}
