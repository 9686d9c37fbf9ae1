package jp.kakehashi.appliance.audit;

/** Every kind of audit record; a new kind is added here, never written as free text. */
public enum AuditType {
    APPLIANCE_STARTED,
    APPLIANCE_STOPPED,
    /** A signed update was installed and became healthy (from, to, the database copy taken before). */
    UPDATE_INSTALLED,
    /** A signed update did not become healthy and the previous version runs again (why, database restored). */
    UPDATE_ROLLED_BACK,
    /** An update bundle was refused before anything changed (the reason: signature, downgrade, truncated ...). */
    UPDATE_REFUSED,
    /** A backup snapshot was written (destination, snapshot, blobs copied and kept, bytes). */
    BACKUP_CREATED,
    /** A backup could not be written or did not verify (destination, reason). */
    BACKUP_FAILED,
    /** This data directory was restored from a snapshot (who, which snapshot, when it was taken). */
    BACKUP_RESTORED,
    /** The keys were written to a passphrase-wrapped key file for the safe (who, where). */
    KEYS_EXPORTED,
    ACCOUNT_CREATED,
    ACCOUNT_GROUPS_CHANGED,
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    /** An administrator issued a one-time link to set a password (an invitation or a reset); never the link itself. */
    PASSWORD_LINK_ISSUED,
    /** A password was set through a one-time link. */
    PASSWORD_SET,
    /** A person made a personal API token (its label and expiry; never the token). */
    API_TOKEN_CREATED,
    API_TOKEN_REVOKED,
    ACCOUNT_TOTP_ENROLLED,
    ACCOUNT_TOTP_RESET,
    /**
     * An account's credentials or powers changed (password, authenticator, role, groups,
     * disabled): every session and API token it had ends (the reason and how many tokens).
     */
    CREDENTIALS_REVOKED,
    SIGNED_OUT,
    AUTH_SUCCESS,
    AUTH_FAILURE,
    /** An SFTP command was refused (the command, the path, the reason); at most a few a minute per account. */
    SFTP_REFUSED,
    /**
     * A portal or API request was refused (403 role, CSRF; 404 for an object by id that is not there
     * or not the asker's); at most a few a minute per actor.
     */
    ACCESS_REFUSED,
    /**
     * A connection was closed before any sign-in: one address held too many, or sent no request
     * in time (the protocol, the reason, the address); at most a few a minute per address.
     */
    CONNECTION_REFUSED,
    ITEM_RECEIVED,
    UPLOAD_ABORTED,
    /** An SFTP upload's connection dropped; its bytes are kept for its owner to resume (name, bytes so far). */
    UPLOAD_INTERRUPTED,
    /** An interrupted SFTP upload was reopened to append the rest (name, the offset it went on from). */
    UPLOAD_RESUMED,
    /** An unfinished upload (SFTP: interrupted or never renamed; HTTPS: resumable) was idle too long and discarded (name, bytes). */
    UPLOAD_EXPIRED,
    UPLOAD_REFUSED,
    ITEM_DETECTED,
    ITEM_SCANNED,
    SCAN_DEFERRED,
    /** A step failed for a reason outside the file (disk, database, a worker); the item is held and retried (state, detail). */
    ITEM_HELD,
    ITEM_POLICY,
    ITEM_SANITIZED,
    ITEM_INDEXED,
    ITEM_PUBLISHED,
    ITEM_BLOCKED,
    ITEM_QUARANTINED,
    ITEM_DOWNLOADED,
    ITEM_REJECTED,
    /** A published item's retention ran out: withdrawn from its recipients and from search. */
    ITEM_EXPIRED,
    /** The retention job erased a stored copy (original or rendition) of an item. */
    RETENTION_PURGED,
    APPROVAL_REQUESTED,
    APPROVAL_GIVEN,
    APPROVAL_REJECTED,
    APPROVAL_ESCALATED,
    APPROVAL_EXPIRED,
    APPROVAL_VOIDED,
    /** A staff member asked, with a reason, for the original of a disarmed item (原本取り出し). */
    ORIGINAL_REQUESTED,
    /** An approved original was scanned again, clean, and made available to its requester. */
    ORIGINAL_RELEASED,
    /** A request for an original ended without release: rejected, expired, or the re-scan said no. */
    ORIGINAL_REFUSED,
    /** The requester downloaded the released original. */
    ORIGINAL_DOWNLOADED,
    /** A released original's time ran out (or its original was erased): no longer available. */
    ORIGINAL_WITHDRAWN,
    /** An encrypted file was opened with the password its recipient or sender typed (never the password). */
    ITEM_UNLOCKED,
    /** A password did not open an encrypted file, or opening it was refused. */
    ITEM_UNLOCK_FAILED,
    /** A security officer took the original of a quarantined or blocked file out, with a written reason. */
    QUARANTINE_RELEASED,
    /** The officer downloaded the original they took out of quarantine. */
    QUARANTINE_DOWNLOADED,
    DELEGATION_GRANTED,
    DELEGATION_REVOKED,
    /** An administrator proposed a policy text that lints clean. */
    POLICY_PROPOSED,
    /** A second administrator confirmed a proposed policy. */
    POLICY_CONFIRMED,
    /** The daemon put a confirmed policy in force. */
    POLICY_ACTIVATED,
    /** The daemon refused a confirmed policy (it does not lint); the old one stays in force. */
    POLICY_REFUSED,
    /** A staff member created a shared folder (共有フォルダ). */
    FOLDER_CREATED,
    /** A folder's manager added a member or changed a member's role or end date. */
    FOLDER_MEMBER_SET,
    /** A folder's manager removed a member; their access ends at once. */
    FOLDER_MEMBER_REMOVED,
    /** A new version of a folder file was recorded (a new file is its version 1). */
    FOLDER_VERSION_ADDED,
    /** An upload based on an older version than the latest was refused (no lost update). */
    FOLDER_CONFLICT,
    /** Someone checked a folder file out (lock) or extended their lock. */
    FOLDER_LOCKED,
    /** A lock was released by its holder or a manager. */
    FOLDER_UNLOCKED,
    /** A staff member shared one version of a folder file by a link (expiry, limit, password or not). */
    SHARE_LINK_CREATED,
    /** Someone downloaded a file through a share link. */
    SHARE_LINK_DOWNLOADED,
    /** A share link was opened but not honoured: expired, used up, revoked, wrong password. */
    SHARE_LINK_REFUSED,
    /** Its creator or a folder manager ended a share link early. */
    SHARE_LINK_REVOKED,
    RECOVERY;

    /** What the officer's 監査証跡 filter {@code type=REFUSALS} shows: every way in that was refused. */
    public static final String REFUSALS = "REFUSALS";

    private static final java.util.Set<AuditType> REFUSED = java.util.EnumSet.of(
            AUTH_FAILURE,
            ACCESS_REFUSED,
            SFTP_REFUSED,
            CONNECTION_REFUSED,
            UPLOAD_REFUSED,
            ITEM_UNLOCK_FAILED,
            SHARE_LINK_REFUSED);

    /** Whether this kind of record tells of something refused at the door (sign-in, access, a command). */
    public boolean isRefusal() {
        return REFUSED.contains(this);
    }
}
