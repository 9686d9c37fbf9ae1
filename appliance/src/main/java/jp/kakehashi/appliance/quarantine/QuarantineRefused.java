package jp.kakehashi.appliance.quarantine;

import jp.kakehashi.appliance.base.Refused;

/** Why taking an original out of quarantine was not accepted, in Japanese and English. */
public final class QuarantineRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way a release can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_ITEM("該当するファイルがありません", "there is no such item"),
        NOT_OFFICER(
                "隔離されたファイルの原本を取り出せるのは、情報セキュリティ責任者だけです",
                "only security officers may take an original out of quarantine"),
        NOT_STOPPED(
                "原本を取り出せるのは、隔離またはブロックされたファイルだけです",
                "only a quarantined or blocked file's original can be taken out here"),
        ORIGINAL_ERASED("保存期間が過ぎたため、原本は消去されています", "the original's retention ran out; it was erased"),
        REASON_REQUIRED(
                "原本を取り出す理由を書いてください（監査証跡に残ります）", "say why you take the original out (it goes into the audit trail)"),
        REASON_TOO_LONG("理由は 1000 文字以内で書いてください", "keep the reason within 1000 characters");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public QuarantineRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
