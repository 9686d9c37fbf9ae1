package jp.kakehashi.appliance.folders;

import jp.kakehashi.appliance.base.Refused;

/** Why a share link was not made, not honoured or not revoked, in Japanese and English. */
public final class ShareLinkRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way a share link can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_LINK("このリンクは無効です", "this link is not valid"),
        EXPIRED("このリンクの有効期限が過ぎました", "this link has expired"),
        USED_UP("このリンクはダウンロード回数の上限に達しました", "this link has been downloaded as often as it allows"),
        REVOKED("このリンクは取り消されました", "this link was revoked"),
        LOCKED("パスワードの誤りが続いたため、このリンクは使えなくなりました", "this link is locked after too many wrong passwords"),
        PASSWORD_NEEDED("パスワードを入力してください", "enter the link's password"),
        WRONG_PASSWORD("パスワードが正しくありません", "the password is not correct"),
        NOT_STAFF("リンクで共有できるのは職員だけです", "only staff share files by link"),
        NOT_RELEASED(
                "最新の版はまだ外部に出せません（確認中・承認待ち、または止められました）",
                "the newest version may not leave the city yet (being checked, awaiting approval, or stopped)"),
        RECIPIENT_REQUIRED("誰に渡すリンクかを書いてください", "say whom the link is for"),
        BAD_VALIDITY("有効期間は 1 日から 30 日までです", "a link lasts 1 to 30 days"),
        BAD_LIMIT("ダウンロード回数の上限は 1 回から 100 回までです", "the download limit is 1 to 100"),
        WEAK_PASSWORD("パスワードは 12 文字以上にしてください", "a link's password needs at least 12 characters"),
        NOT_YOURS("このリンクを取り消せるのは、作った人とフォルダの管理者だけです", "only its creator or a folder manager may revoke this link");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public ShareLinkRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
