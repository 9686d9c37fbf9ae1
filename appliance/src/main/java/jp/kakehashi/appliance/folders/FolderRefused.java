package jp.kakehashi.appliance.folders;

import jp.kakehashi.appliance.base.Refused;

/** Why a folder action was not done, in Japanese and English. */
public final class FolderRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way a folder action can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_FOLDER("該当する共有フォルダがありません", "there is no such shared folder"),
        NO_SUCH_FILE("該当するファイルがありません", "there is no such file in the folder"),
        NO_SUCH_VERSION("該当する版がありません", "there is no such version"),
        NO_SUCH_ACCOUNT("該当するアカウントがありません", "there is no such account"),
        NO_SUCH_ORGANISATION("該当する取引先の組織がありません", "there is no such partner organisation"),
        NOT_STAFF("共有フォルダを作れるのは職員だけです", "only staff create shared folders"),
        NOT_A_MEMBER("この共有フォルダのメンバーではありません", "you are not a member of this folder"),
        ROLE_TOO_LOW("この操作に必要な権限がありません", "your role in this folder does not allow this"),
        NOT_A_MEMBER_KIND(
                "メンバーにできるのは職員と取引先のアカウント、取引先の組織だけです", "members are staff or partner accounts, or partner organisations"),
        PARTNER_CANNOT_MANAGE("取引先を管理者にはできません", "a partner cannot be a folder's manager"),
        LAST_MANAGER("最後の管理者は外せません。先に別の管理者を加えてください", "the last manager cannot go; add another first"),
        END_IN_PAST("終了日が過去です", "the end date is in the past"),
        NAME_TAKEN("同じ名前の共有フォルダが既にあります", "a folder of that name exists"),
        BAD_NAME("この名前は使えません", "the name cannot be used"),
        PURPOSE_REQUIRED("共有フォルダの目的を書いてください", "say what the folder is for"),
        CONFLICT(
                "このファイルは、あなたが元にした版の後に更新されています。最新の版を取得してから、もう一度アップロードしてください",
                "the file was changed after the version you started from; fetch the latest version and upload again"),
        EXISTS(
                "同じ名前のファイルが既にあります。その新しい版としてアップロードしてください",
                "a file of that name exists; upload yours as a new version of it"),
        LOCKED("このファイルは他の人が編集中（ロック中）です", "someone else has checked this file out"),
        NOT_LOCK_HOLDER("このロックを解除できるのは、ロックした人と管理者だけです", "only the holder or a manager may release this lock"),
        LOCK_TOO_LONG("ロックは 8 時間までです", "a lock lasts at most 8 hours");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public FolderRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
