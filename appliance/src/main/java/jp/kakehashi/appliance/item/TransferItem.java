package jp.kakehashi.appliance.item;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.policies.Flow;

/**
 * One file crossing a zone boundary, as stored. Empty strings mean "not yet known"; sizes of
 * renditions not yet made are -1.
 *
 * @param name the canonical (NFC, checked) name the sender gave
 * @param organisation the partner organisation the file comes from or goes to
 * @param department the city's department a partner's file is addressed to, or a staff member's
 *     file comes from; empty for files sent before departments and for shared-folder versions
 * @param recipient the one person of that department a partner addressed the file to, if one
 * @param facts what the last policy decision was made on ({@link RecordedFacts} JSON)
 * @param decision that decision: {@code allow}, {@code approval} or {@code block}
 * @param folder the shared folder this item is a version in; such an item reaches people only
 *     through that folder, never an inbox
 * @param disarmPlan what the first decision asks of the sanitizer, once the item is decided
 * @param retrying why the item is held and when it is tried again, while a step cannot run
 */
public record TransferItem(
        String id,
        Flow flow,
        String sender,
        String organisation,
        Optional<String> department,
        Optional<String> recipient,
        String name,
        long size,
        String sha256,
        String originalBlob,
        ItemState state,
        int attempts,
        String detectedType,
        boolean typeMismatch,
        String renditionBlob,
        String renditionName,
        String renditionType,
        long renditionSize,
        String renditionSha256,
        String removals,
        String reasonCode,
        String reasonDetail,
        String rules,
        String facts,
        String decision,
        Instant createdAt,
        Instant updatedAt,
        Optional<Long> folder,
        Optional<DisarmPlan> disarmPlan,
        Optional<Retrying> retrying) {
    public TransferItem {
        requireNonNull(id, "id");
        requireNonNull(flow, "flow");
        requireNonNull(department, "department");
        requireNonNull(recipient, "recipient");
        requireNonNull(state, "state");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        requireNonNull(folder, "folder");
        requireNonNull(disarmPlan, "disarmPlan");
        requireNonNull(retrying, "retrying");
    }

    /** Whether it is a shared-folder version, delivered only through its folder. */
    public boolean inFolder() {
        return folder.isPresent();
    }
}
