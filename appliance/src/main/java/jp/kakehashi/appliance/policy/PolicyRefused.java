package jp.kakehashi.appliance.policy;

import jp.kakehashi.appliance.base.Refused;

/** Why a policy proposal or confirmation was not accepted, in Japanese and English. */
public final class PolicyRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way a change of policy can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_VERSION("該当するポリシーの版がありません", "there is no such policy version"),
        NOT_AN_ADMINISTRATOR("ポリシーを変更できるのは有効な管理者だけです", "only an enabled administrator may change the policy"),
        SAME_ADMINISTRATOR(
                "提案した管理者とは別の管理者が確認してください (二人の目)",
                "a second administrator, not the one who proposed it, must confirm (four eyes)"),
        NOT_PROPOSED("この版は確認待ちではありません", "this version is not waiting for confirmation"),
        CHANGED_SINCE_REVIEW("確認した内容と提案の内容が一致しません", "the proposal is not the text you reviewed (its SHA-256 differs)"),
        REASON_REQUIRED("変更の理由を書いてください", "a proposal needs a reason"),
        DOES_NOT_LINT("ポリシーに誤りがあります", "the policy does not lint");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public PolicyRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
