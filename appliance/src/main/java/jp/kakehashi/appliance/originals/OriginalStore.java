package jp.kakehashi.appliance.originals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where requests for originals are kept: the port {@link Originals} and {@link
 * OriginalReleaseJob} work through. Each move of a request's state is a compare-and-set on the
 * state it was read in, so a move applies once however many sweeps race. Lists are oldest first.
 * {@code OriginalStoreContract} is what every adapter must pass.
 */
public interface OriginalStore {
    /** A request about to be made (state {@code REQUESTED}); its id is the store's to give. */
    record NewRequest(String item, String requester, String reason, Duration availableFor, Instant at) {}

    OriginalRequest insert(Tx tx, NewRequest request);

    Optional<OriginalRequest> request(Tx tx, long id);

    List<OriginalRequest> inState(Tx tx, OriginalState state);

    List<OriginalRequest> byRequester(Tx tx, String requester);

    List<OriginalRequest> all(Tx tx);

    /** {@code REQUESTED → APPROVED}; false when it had moved. */
    boolean approve(Tx tx, long id);

    /** {@code APPROVED → RELEASED} until {@code until}; false when it had moved. */
    boolean release(Tx tx, long id, Instant at, Instant until);

    /** Ends a request still in {@code from} with its outcome; false when it had moved. */
    boolean end(
            Tx tx, long id, OriginalState from, OriginalState to, OriginalOutcome outcome, String detail, Instant at);
}
