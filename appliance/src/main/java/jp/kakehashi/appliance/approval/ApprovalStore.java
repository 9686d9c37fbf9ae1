package jp.kakehashi.appliance.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.ApprovalKind;

/**
 * Where approval requests, their votes and delegations are kept: the port {@link Approvals} works
 * through. It stores and finds; who may decide, when a request is complete, escalation and expiry
 * are {@link Approvals}'. Every call runs inside the caller's {@link Tx}. Requests come back with
 * their votes in the order they were cast; lists are by id. {@code ApprovalStoreContract} is what
 * every adapter must pass.
 */
public interface ApprovalStore {
    /** A request about to be opened (state {@code PENDING}); its id is the store's to give. */
    record NewRequest(
            String item,
            int seq,
            ApprovalKind kind,
            List<String> approvers,
            String rules,
            String sha256,
            String findings,
            Optional<Long> originalRequest,
            Instant requestedAt,
            Instant escalateAt,
            Instant expiresAt) {
        public NewRequest {
            approvers = List.copyOf(approvers);
        }
    }

    /** A delegation about to be granted; its id is the store's to give. */
    record NewDelegation(String principal, String delegate, Instant startsAt, Instant endsAt, String reason) {}

    /**
     * Stores the request and returns its id; nothing, and empty, when the item already has a
     * request with that {@code seq} (a step resumed after a crash opens nothing twice).
     */
    Optional<Long> insertRequest(Tx tx, NewRequest request);

    /** The {@code seq} the next request for {@code item} takes: one past the highest, 0 for none. */
    int nextSeq(Tx tx, String item);

    Optional<ApprovalRequest> request(Tx tx, long id);

    /** The requests for an item's release (not those for its original). */
    List<ApprovalRequest> forItem(Tx tx, String item);

    /** The requests deciding one request for an original. */
    List<ApprovalRequest> forOriginal(Tx tx, long originalRequest);

    /** Every request in {@code PENDING}. */
    List<ApprovalRequest> pending(Tx tx);

    /** Who asked for the original that an original request is for (the person who may not decide it). */
    Optional<String> requesterOfOriginal(Tx tx, long originalRequest);

    void setState(Tx tx, long request, ApprovalState state, Instant at);

    void markEscalated(Tx tx, long request);

    void insertVote(Tx tx, long request, Vote vote);

    /** The requests {@code approver} voted on themselves, the {@code limit} most recently voted on (any order). */
    List<ApprovalRequest> votedOnBy(Tx tx, String approver, int limit);

    Delegation insertDelegation(Tx tx, NewDelegation delegation);

    /** Ends a delegation not yet revoked; false when there is none of that id in force. */
    boolean revokeDelegation(Tx tx, long delegation, Instant at);

    /** How many requests made in {@code [from, to)} are in each state. */
    java.util.Map<ApprovalState, Long> countsRequestedBetween(Tx tx, Instant from, Instant to);

    /** Delegations not revoked (ended or not), optionally only those to {@code delegate}. */
    List<Delegation> unrevokedDelegations(Tx tx, Optional<String> delegate);
}
