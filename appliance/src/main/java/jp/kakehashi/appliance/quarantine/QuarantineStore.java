package jp.kakehashi.appliance.quarantine;

import java.time.Instant;
import java.util.List;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where officers' releases of stopped files' originals are kept: the port {@link Quarantine}
 * works through. {@code QuarantineStoreContract} is what every adapter must pass.
 */
public interface QuarantineStore {
    /** A release about to be recorded; its id is the store's to give. */
    record NewRelease(String item, String officer, String reason, Instant at, Instant until) {}

    QuarantineRelease insert(Tx tx, NewRelease release);

    /** Every release of one item, oldest first. */
    List<QuarantineRelease> releases(Tx tx, String item);
}
