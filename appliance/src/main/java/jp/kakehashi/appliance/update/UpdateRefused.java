package jp.kakehashi.appliance.update;

import jp.kakehashi.appliance.base.Refused;

/** An update bundle declined, or an update that did not take; the running version keeps running. */
public final class UpdateRefused extends Refused {
    private static final long serialVersionUID = 1L;

    public enum Reason implements Refused.Reason {
        MALFORMED("更新ファイルの形式が正しくありません", "the update bundle is malformed"),
        NO_TRUSTED_KEY("更新の検証鍵が設定されていません", "no update verification key is installed"),
        BAD_SIGNATURE(
                "更新ファイルの署名が正しくありません（改ざんまたは別の鍵で署名）",
                "the update bundle's signature does not verify (altered, or signed with another key)"),
        WRONG_PRODUCT("架け橋の更新ファイルではありません", "the bundle is not a Kakehashi update"),
        DOWNGRADE("実行中の版より古い版には更新できません", "the bundle is older than the running version"),
        SAME_VERSION("この版は既に実行中です", "this version is already running"),
        TRUNCATED("更新ファイルが途中で切れています（転送を確認してください）", "the update bundle is truncated (check the transfer)"),
        CORRUPT("更新ファイルの内容が署名と一致しません", "the update bundle's content does not match its signature"),
        UNSAFE_ENTRY("更新ファイルに許可されない項目があります", "the update bundle holds an entry that is not allowed"),
        DOES_NOT_RUN("新しい版が起動できません", "the new version does not run"),
        NOT_HEALTHY(
                "新しい版が正常に起動しなかったため、元の版に戻しました",
                "the new version did not become healthy; the previous version was restored"),
        SERVICE("サービスの停止・起動に失敗しました", "the service could not be stopped or started");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public UpdateRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
