package jp.kakehashi.appliance.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Retrying;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.ScanOutcome;
import jp.kakehashi.sanitizer.Verdict;

/**
 * DETECTED → SCANNED: the original, streamed from the blob store to clamd. Malware, a file the
 * scanner cannot read whole and encrypted content are quarantined; a scanner that is away holds
 * the item, since nothing skips the scan.
 */
final class ScanStage implements Stage {
    /**
     * Attempts that ended with clamd gone in the middle of the file before the file is quarantined
     * (SCANNER_CRASH); counted with the item's other attempts, so a file that waited out an outage
     * gets there sooner.
     */
    static final int SCANNER_DROPS_BEFORE_QUARANTINE = 3;

    private final BlobStore blobs;
    private final ClamdClient clamd;

    ScanStage(BlobStore blobs, ClamdClient clamd) {
        this.blobs = requireNonNull(blobs, "blobs");
        this.clamd = requireNonNull(clamd, "clamd");
    }

    @Override
    public StageOutcome run(TransferItem item, Workspace workspace) {
        ScanOutcome outcome;
        try (InputStream in = blobs.open(new BlobId(item.originalBlob()))) {
            outcome = clamd.scan(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the original of item " + item.id(), e);
        }
        return switch (outcome) {
            case ScanOutcome.Clean c ->
                new StageOutcome.Moved(
                        ItemState.SCANNED, new StepFacts.None(), AuditType.ITEM_SCANNED, Map.of("result", "clean"));
            case ScanOutcome.Infected i -> quarantined("MALWARE", i.signature());
            case ScanOutcome.Unscannable u -> quarantined("SCAN_LIMIT", u.clamdReply());
            case ScanOutcome.Encrypted e -> quarantined("ENCRYPTED_CONTENT", e.signature());
            case ScanOutcome.Unavailable u
            when u.dropped() && item.attempts() + 1 >= SCANNER_DROPS_BEFORE_QUARANTINE ->
                // The scanner went away in the middle of this file again and again: it may be the
                // file that brings it down, so it is not retried for ever (ATTACKS F-02).
                quarantined("SCANNER_CRASH", u.detail());
            case ScanOutcome.Unavailable u -> new StageOutcome.Held(Retrying.Reason.SCANNER_UNAVAILABLE, u.detail());
        };
    }

    private static StageOutcome quarantined(String code, String detail) {
        return new StageOutcome.Stopped(Verdict.QUARANTINED, code, detail, "");
    }
}
