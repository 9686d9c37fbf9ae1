package jp.kakehashi.appliance.approval;

import jp.kakehashi.appliance.base.Refused;

/** Why an approval, rejection or delegation was not accepted, in Japanese and English. */
public final class ApprovalRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way an approval step can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_REQUEST("該当する承認依頼がありません", "there is no such approval request"),
        NOT_PENDING("この承認依頼は既に処理済みです", "this approval request has already been decided"),
        NO_SUCH_ACCOUNT("該当するアカウントがありません", "there is no such account"),
        ACCOUNT_DISABLED("このアカウントは無効です", "this account is disabled"),
        NOT_STAFF("承認できるのは職員と情報セキュリティ責任者だけです", "only staff and security officers may approve"),
        OWN_FILE("自分が送ったファイルは承認できません", "nobody may approve a file they sent"),
        OWN_REQUEST("自分の原本取り出しの申請は承認できません", "nobody may approve their own request for an original"),
        NOT_AN_APPROVER(
                "この承認依頼を承認する権限がありません (ポリシーの承認者に含まれていません)",
                "you are not among the approvers the policy names for this request"),
        ALREADY_DECIDED("この承認依頼には既に承認しています", "you have already approved this request"),
        SECOND_PERSON_NEEDED(
                "二名による承認には、別の人の承認が必要です (代理を含む)",
                "two-person approval needs a second, different person (delegation included)"),
        CHANGED_SINCE_REVIEW(
                "確認したファイルと現在のファイルが一致しません。もう一度内容を確認してください",
                "the file is not the one you reviewed (its SHA-256 differs); review it again"),
        COMMENT_REQUIRED("却下の理由を書いてください", "a rejection needs a comment saying why"),
        BAD_DELEGATION("代理承認の指定が正しくありません", "the delegation is not valid");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public ApprovalRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
