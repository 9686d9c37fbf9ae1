package jp.kakehashi.appliance.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where policy versions are kept: the port {@link PolicyVersions} works through. It stores and
 * finds; linting, the four eyes and audit are {@link PolicyVersions}'. {@code
 * PolicyVersionStoreContract} is what every adapter must pass.
 */
public interface PolicyVersionStore {
    /** A proposal about to be recorded (state {@code PROPOSED}); its id is the store's to give. */
    record NewVersion(String source, String text, String sha256, String reason, String proposedBy, Instant at) {}

    PolicyVersion insert(Tx tx, NewVersion version);

    Optional<PolicyVersion> version(Tx tx, long id);

    /** Every version, newest first. */
    List<PolicyVersion> all(Tx tx);

    /** The newest version in {@code state}, if any. */
    Optional<PolicyVersion> newest(Tx tx, PolicyVersion.State state);

    void confirm(Tx tx, long id, String by, Instant at);

    void refuse(Tx tx, long id, String error);

    /** Puts it in force: the version in force and every older confirmed one become superseded. */
    void activate(Tx tx, long id, Instant at);
}
