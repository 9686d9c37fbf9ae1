package jp.kakehashi.appliance.backup;

import jp.kakehashi.appliance.base.Refused;

/** Why a backup, its check, a restore or a key file was refused, in Japanese and English. */
public final class BackupRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way a backup, a restore or a key file can be refused or found damaged. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_SNAPSHOT("指定のスナップショットがバックアップ先にありません", "the destination holds no such snapshot"),
        DESTINATION_BUSY(
                "このバックアップ先では別のバックアップか整理が実行中です。終わってからもう一度実行してください",
                "another backup or prune is running on this destination; run it again when it is done"),
        NO_SNAPSHOT("バックアップ先に完成したスナップショットがありません", "the destination holds no complete snapshot"),
        MANIFEST_TAMPERED(
                "目録（manifest）の署名が一致しません。バックアップが改ざんされたか、別の装置のものです",
                "the manifest's signature does not verify: the backup was altered or is another appliance's"),
        FILE_MISSING("スナップショットのファイルがありません", "a file of the snapshot is missing"),
        FILE_DAMAGED("スナップショットのファイルが目録と一致しません（改ざんまたは破損）", "a file of the snapshot differs from its manifest"),
        BLOB_MISSING("保存ファイル（暗号化済み）がバックアップ先にありません", "a stored file (encrypted) is missing from the destination"),
        BLOB_DAMAGED(
                "保存ファイルが目録と一致しないか復号できません（改ざんまたは破損）", "a stored file differs from the manifest or does not decrypt"),
        DATABASE_DAMAGED("データベースの整合性検査に失敗しました", "the database fails its integrity check"),
        AUDIT_BROKEN("スナップショットの監査ログが検証できません", "the snapshot's audit log does not verify"),
        AUDIT_DOES_NOT_EXTEND("監査ログが前回のスナップショットの続きになっていません", "the audit log does not extend the previous snapshot's"),
        BLOB_GONE(
                "保存ファイルがデータディレクトリから消えています（データベースは参照しています）",
                "a stored file the database still refers to is gone from the data directory"),
        TARGET_NOT_EMPTY("復元先のディレクトリが空ではありません。空のディレクトリを指定してください", "the restore target is not empty"),
        KEY_MISMATCH(
                "鍵ファイルがこのバックアップの装置のものではありません（マスター鍵が一致しません）",
                "the key file is not this backup's appliance's (its master key differs)"),
        KEYS_REQUIRED(
                "復元には kakehashi keys export で書き出した鍵ファイルが必要です（マスター鍵はバックアップに含まれません）",
                "a restore needs the key file written by kakehashi keys export (the master key is not in the backup)"),
        NOT_A_KEY_FILE("鍵ファイルではないか、壊れています", "not a key file, or a damaged one"),
        WRONG_PASSPHRASE("パスフレーズが違います（または鍵ファイルが改ざんされています）", "wrong passphrase (or the key file was altered)"),
        WEAK_PASSPHRASE("パスフレーズが弱すぎます", "the passphrase is too weak"),
        KEYS_EXIST(
                "データディレクトリには別の鍵が既にあります。上書きしません",
                "the data directory already holds different keys; they are not overwritten"),
        NO_KEYS("データディレクトリに鍵がありません", "the data directory holds no keys"),
        HOST_KEY_MISMATCH(
                "バックアップ先 SFTP サーバーのホスト鍵が設定（host-key）と一致しません。なりすましの恐れがあるため接続しません",
                "the SFTP server's host key is not the pinned one (host-key); not connecting, it may be an impostor"),
        DESTINATION_UNREACHABLE("バックアップ先に接続またはログインできません", "cannot connect or sign in to the backup destination");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public BackupRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
