package jp.kakehashi.appliance.folders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where share links are kept: the port {@link ShareLinks} works through. Links are found by the
 * SHA-256 of their token, never by the token, which is not kept. Every call runs inside the
 * caller's {@link Tx}. {@code ShareLinkStoreContract} is what every adapter must pass.
 */
public interface ShareLinkStore {
    /** A link about to be made; its id is the store's to give. */
    record NewLink(
            String tokenSha256,
            long file,
            int number,
            String recipient,
            Optional<String> passwordPhc,
            int maxDownloads,
            String createdBy,
            Instant createdAt,
            Instant expiresAt) {}

    ShareLinks.ShareLink insert(Tx tx, NewLink link);

    Optional<ShareLinks.ShareLink> link(Tx tx, long id);

    Optional<ShareLinks.ShareLink> withToken(Tx tx, String tokenSha256);

    /** A file's links, newest first. */
    List<ShareLinks.ShareLink> ofFile(Tx tx, long file);

    /** The password hash (PHC string) a link asks for, if it has one. */
    Optional<String> passwordOf(Tx tx, long id);

    /** Ends a link not yet revoked; false when it was already. */
    boolean revoke(Tx tx, long id, String by, Instant at);

    void countWrongPassword(Tx tx, long id);

    /**
     * Counts one download, only while the link is under its limit and not revoked, in one step:
     * two downloads at once cannot both take the last one. False when nothing was counted.
     */
    boolean countDownload(Tx tx, long id);
}
