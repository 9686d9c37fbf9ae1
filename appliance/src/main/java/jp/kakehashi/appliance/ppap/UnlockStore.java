package jp.kakehashi.appliance.ppap;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where attempts to open held encrypted files are kept: the port {@link Unlocks} works through.
 * {@code UnlockStoreContract} is what every adapter must pass.
 */
public interface UnlockStore {
    /** How one attempt ended. */
    sealed interface Outcome {
        /** The password opened the file; its opened copy became {@code item}. */
        record Opened(String item) implements Outcome {}

        record Failed(UnlockRefused.Reason reason) implements Outcome {}
    }

    void record(Tx tx, String item, String actor, Instant at, Outcome outcome);

    /** The item the opened copy became, once an attempt opened it. */
    Optional<String> openedAs(Tx tx, String item);

    /** How many attempts on {@code item} since {@code since} failed for a wrong password. */
    int wrongPasswordsSince(Tx tx, String item, Instant since);
}
