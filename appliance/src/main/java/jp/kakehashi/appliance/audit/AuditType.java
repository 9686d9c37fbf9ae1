package jp.kakehashi.appliance.audit;

/**
 * Every kind of audit record; a new kind is added here, never written as free text. The name is
 * the record's stable code (in the log, the CSV, the filters); the labels are what the officer's
 * pages show, in Japanese and English.
 */
public enum AuditType {
    APPLIANCE_STARTED("アプライアンス起動", "Appliance started"),
    APPLIANCE_STOPPED("アプライアンス停止", "Appliance stopped"),
    /** A signed update was installed and became healthy (from, to, the database copy taken before). */
    UPDATE_INSTALLED("更新の適用", "Update installed"),
    /** A signed update did not become healthy and the previous version runs again (why, database restored). */
    UPDATE_ROLLED_BACK("更新の取り消し（元の版に戻した）", "Update rolled back"),
    /** An update bundle was refused before anything changed (the reason: signature, downgrade, truncated ...). */
    UPDATE_REFUSED("更新の拒否", "Update refused"),
    /** A backup snapshot was written (destination, snapshot, blobs copied and kept, bytes). */
    BACKUP_CREATED("バックアップ作成", "Backup created"),
    /** A backup could not be written or did not verify (destination, reason). */
    BACKUP_FAILED("バックアップ失敗", "Backup failed"),
    /** This data directory was restored from a snapshot (who, which snapshot, when it was taken). */
    BACKUP_RESTORED("バックアップから復元", "Restored from backup"),
    /** The keys were written to a passphrase-wrapped key file for the safe (who, where). */
    KEYS_EXPORTED("鍵の書き出し", "Keys exported"),
    ACCOUNT_CREATED("利用者の登録", "Account created"),
    ACCOUNT_GROUPS_CHANGED("利用者の所属・グループ変更", "Account groups changed"),
    ACCOUNT_DISABLED("利用者の無効化", "Account disabled"),
    ACCOUNT_ENABLED("利用者の有効化", "Account enabled"),
    /**
     * A staff account was made or changed from the municipality's directory at its sign-in or
     * request (role, 課, groups, 氏名, mail address as the directory now says).
     */
    DIRECTORY_SYNCED("ディレクトリからの利用者情報の反映", "Account updated from the directory"),
    /** A directory account's session or sign-in was ended because the directory disabled, removed or unmapped it (why). */
    DIRECTORY_CUT_OFF("ディレクトリで無効になった利用者の遮断", "Cut off by the directory"),
    /** A person's 氏名 or a partner organisation's 団体名 was given or changed. */
    NAME_CHANGED("氏名・団体名の変更", "Name changed"),
    /** An account's mail address or notice setting was changed (by its person or at the console). */
    ACCOUNT_CONTACT_CHANGED("通知先メールアドレスの変更", "Notice address changed"),
    /** A notice could not be handed to the mail relay after every attempt (to whom, why); never its text. */
    MAIL_FAILED("通知メールの送信失敗", "Notice mail failed"),
    /** A department (課) was added, renamed, made the reception, or linked to or unlinked from a partner organisation. */
    DEPARTMENT_CHANGED("課の登録・変更", "Department changed"),
    /** An administrator issued a one-time link to set a password (an invitation or a reset); never the link itself. */
    PASSWORD_LINK_ISSUED("パスワード設定リンクの発行", "Password link issued"),
    /** A password was set through a one-time link. */
    PASSWORD_SET("パスワード設定", "Password set"),
    /** A person made a personal API token (its label and expiry; never the token). */
    API_TOKEN_CREATED("API トークンの作成", "API token created"),
    API_TOKEN_REVOKED("API トークンの失効", "API token revoked"),
    ACCOUNT_TOTP_ENROLLED("二要素認証の登録", "Authenticator enrolled"),
    ACCOUNT_TOTP_RESET("二要素認証のリセット", "Authenticator reset"),
    /** A person printed new recovery codes (how many); earlier ones stop working. Never the codes. */
    RECOVERY_CODES_ISSUED("回復コードの発行", "Recovery codes issued"),
    /** A recovery code stood in for an authenticator code (how many remain). */
    RECOVERY_CODE_USED("回復コードの使用", "Recovery code used"),
    /**
     * An account's credentials or powers changed (password, authenticator, role, groups,
     * disabled): every session and API token it had ends (the reason and how many tokens).
     */
    CREDENTIALS_REVOKED("セッション・トークンの失効", "Sessions and tokens revoked"),
    SIGNED_OUT("サインアウト", "Signed out"),
    AUTH_SUCCESS("サインイン", "Signed in"),
    AUTH_FAILURE("サインイン失敗", "Sign-in refused"),
    /** An SFTP command was refused (the command, the path, the reason); at most a few a minute per account. */
    SFTP_REFUSED("SFTP 操作の拒否", "SFTP command refused"),
    /**
     * A portal or API request was refused (403 role, CSRF; 404 for an object by id that is not there
     * or not the asker's); at most a few a minute per actor.
     */
    ACCESS_REFUSED("アクセス拒否", "Access refused"),
    /**
     * A connection was closed before any sign-in: one address held too many, or sent no request
     * in time (the protocol, the reason, the address); at most a few a minute per address.
     */
    CONNECTION_REFUSED("接続の拒否", "Connection refused"),
    ITEM_RECEIVED("ファイル受付", "File received"),
    UPLOAD_ABORTED("アップロード中止", "Upload aborted"),
    /** An SFTP upload's connection dropped; its bytes are kept for its owner to resume (name, bytes so far). */
    UPLOAD_INTERRUPTED("アップロード中断（再開待ち）", "Upload interrupted"),
    /** An interrupted SFTP upload was reopened to append the rest (name, the offset it went on from). */
    UPLOAD_RESUMED("アップロード再開", "Upload resumed"),
    /** An unfinished upload (SFTP: interrupted or never renamed; HTTPS: resumable) was idle too long and discarded (name, bytes). */
    UPLOAD_EXPIRED("未完了アップロードの破棄", "Unfinished upload discarded"),
    UPLOAD_REFUSED("アップロード拒否", "Upload refused"),
    ITEM_DETECTED("ファイル形式の判定", "File type detected"),
    ITEM_SCANNED("ウイルス検査", "Virus scan"),
    SCAN_DEFERRED("ウイルス検査の延期", "Virus scan deferred"),
    /** A step failed for a reason outside the file (disk, database, a worker); the item is held and retried (state, detail). */
    ITEM_HELD("処理の保留（再試行）", "Held for retry"),
    ITEM_POLICY("ポリシー判定", "Policy decision"),
    ITEM_SANITIZED("無害化", "Disarmed"),
    ITEM_INDEXED("検索登録", "Indexed for search"),
    ITEM_PUBLISHED("受け渡し可能", "Published"),
    ITEM_BLOCKED("ファイルの遮断", "File blocked"),
    ITEM_QUARANTINED("ファイルの隔離", "File quarantined"),
    ITEM_DOWNLOADED("ファイルのダウンロード", "File downloaded"),
    ITEM_REJECTED("ファイルの差し戻し（承認されず）", "File rejected"),
    /** A published item's retention ran out: withdrawn from its recipients and from search. */
    ITEM_EXPIRED("保存期間切れ", "Retention ended"),
    /** The retention job erased a stored copy (original or rendition) of an item. */
    RETENTION_PURGED("保存期間切れの消去", "Erased after retention"),
    APPROVAL_REQUESTED("承認依頼", "Approval requested"),
    APPROVAL_GIVEN("承認", "Approved"),
    APPROVAL_REJECTED("承認の却下", "Approval rejected"),
    APPROVAL_ESCALATED("承認期限切れ（情報セキュリティ担当へ）", "Approval escalated"),
    APPROVAL_EXPIRED("承認依頼の期限切れ", "Approval expired"),
    APPROVAL_VOIDED("承認依頼の取り消し", "Approval voided"),
    /** A staff member asked, with a reason, for the original of a disarmed item (原本取り出し). */
    ORIGINAL_REQUESTED("原本取り出しの申請", "Original requested"),
    /** An approved original was scanned again, clean, and made available to its requester. */
    ORIGINAL_RELEASED("原本の取り出し許可", "Original released"),
    /** A request for an original ended without release: rejected, expired, or the re-scan said no. */
    ORIGINAL_REFUSED("原本取り出しの不許可", "Original refused"),
    /** The requester downloaded the released original. */
    ORIGINAL_DOWNLOADED("原本のダウンロード", "Original downloaded"),
    /** A released original's time ran out (or its original was erased): no longer available. */
    ORIGINAL_WITHDRAWN("原本の提供終了", "Original withdrawn"),
    /** An encrypted file was opened with the password its recipient or sender typed (never the password). */
    ITEM_UNLOCKED("暗号化ファイルの解除", "Encrypted file opened"),
    /** A password did not open an encrypted file, or opening it was refused. */
    ITEM_UNLOCK_FAILED("暗号化ファイルの解除失敗", "Encrypted file not opened"),
    /** A security officer took the original of a quarantined or blocked file out, with a written reason. */
    QUARANTINE_RELEASED("隔離ファイルの取り出し", "Taken out of quarantine"),
    /** The officer downloaded the original they took out of quarantine. */
    QUARANTINE_DOWNLOADED("隔離ファイルのダウンロード", "Quarantined file downloaded"),
    DELEGATION_GRANTED("代理承認の設定", "Delegation granted"),
    DELEGATION_REVOKED("代理承認の取り消し", "Delegation revoked"),
    /** An administrator proposed a policy text that lints clean. */
    POLICY_PROPOSED("ポリシー変更の提案", "Policy proposed"),
    /** A second administrator confirmed a proposed policy. */
    POLICY_CONFIRMED("ポリシー変更の確認", "Policy confirmed"),
    /** The daemon put a confirmed policy in force. */
    POLICY_ACTIVATED("ポリシーの適用", "Policy activated"),
    /** The daemon refused a confirmed policy (it does not lint); the old one stays in force. */
    POLICY_REFUSED("ポリシーの適用拒否", "Policy refused"),
    /** A staff member created a shared folder (共有フォルダ). */
    FOLDER_CREATED("共有フォルダの作成", "Shared folder created"),
    /** A folder's manager added a member or changed a member's role or end date. */
    FOLDER_MEMBER_SET("共有フォルダのメンバー設定", "Folder member set"),
    /** A folder's manager removed a member; their access ends at once. */
    FOLDER_MEMBER_REMOVED("共有フォルダのメンバー削除", "Folder member removed"),
    /** A new version of a folder file was recorded (a new file is its version 1). */
    FOLDER_VERSION_ADDED("共有フォルダの版の追加", "Folder version added"),
    /** An upload based on an older version than the latest was refused (no lost update). */
    FOLDER_CONFLICT("共有フォルダの競合", "Folder conflict"),
    /** Someone checked a folder file out (lock) or extended their lock. */
    FOLDER_LOCKED("共有フォルダのファイルの編集ロック", "Folder file locked"),
    /** A lock was released by its holder or a manager. */
    FOLDER_UNLOCKED("共有フォルダのファイルのロック解除", "Folder file unlocked"),
    /** A staff member shared one version of a folder file by a link (expiry, limit, password or not). */
    SHARE_LINK_CREATED("共有リンクの作成", "Share link created"),
    /** Someone downloaded a file through a share link. */
    SHARE_LINK_DOWNLOADED("共有リンクからのダウンロード", "Downloaded by share link"),
    /** A share link was opened but not honoured: expired, used up, revoked, wrong password. */
    SHARE_LINK_REFUSED("共有リンクの拒否", "Share link refused"),
    /** Its creator or a folder manager ended a share link early. */
    SHARE_LINK_REVOKED("共有リンクの取り消し", "Share link revoked"),
    RECOVERY("再起動後の処理再開", "Recovery after restart");

    private final String japanese;
    private final String english;

    AuditType(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    /** How the officer's pages name this kind of record (監査証跡, CSV). */
    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    /** The kind a record's code names; empty for a code no version of Kakehashi wrote. */
    public static java.util.Optional<AuditType> byCode(String code) {
        for (AuditType t : values()) {
            if (t.name().equals(code)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

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
