package jp.kakehashi.appliance.originals;

import jp.kakehashi.appliance.base.Refused;

/** Why a request for an original was not accepted, in Japanese and English. */
public final class OriginalRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way asking for an original can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_ITEM("該当するファイルがありません", "there is no such item"),
        NO_SUCH_ACCOUNT("該当するアカウントがありません", "there is no such account"),
        ACCOUNT_DISABLED("このアカウントは無効です", "this account is disabled"),
        NOT_STAFF(
                "原本を申請できるのは LGWAN の職員と情報セキュリティ責任者だけです",
                "only LGWAN staff and security officers may ask for an original"),
        NOT_DISARMED(
                "原本を申請できるのは、取引先から届き無害化して公開したファイルだけです",
                "only a file that came in from a partner and was published disarmed has an original to ask for"),
        IN_FOLDER(
                "共有フォルダのファイルの原本は、この申請では取り出せません",
                "a shared-folder file's original cannot be asked for with this request"),
        ORIGINAL_ERASED("保存期間が過ぎたため、原本は消去されています", "the original's retention ran out; it was erased"),
        REASON_REQUIRED("原本が必要な理由を書いてください", "say why you need the original"),
        REASON_TOO_LONG("理由は 1000 文字以内で書いてください", "keep the reason within 1000 characters"),
        ALREADY_REQUESTED(
                "このファイルの原本は既に申請中か取り出し可能です", "you already have an open request, or the original, for this file"),
        NO_SUCH_REQUEST("該当する原本取り出しの申請がありません", "there is no such request for an original");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public OriginalRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
