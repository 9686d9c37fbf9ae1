package jp.kakehashi.appliance.originals;

/** Why a request for an original ended, shown to the requester and recorded for the officer. */
public enum OriginalOutcome {
    APPROVAL_REJECTED("承認者が却下しました", "an approver rejected the request"),
    APPROVAL_EXPIRED("期限までに承認されませんでした", "nobody decided the request in time"),
    RESCAN_INFECTED(
            "再検査でウイルスが見つかったため渡せません (原本は隔離したままです)", "the re-scan found malware; the original stays in quarantine"),
    RESCAN_UNSCANNABLE("再検査で安全を確認できなかったため渡せません", "the re-scan could not vouch for the original"),
    ORIGINAL_CHANGED("保管中の原本が受付時のものと一致しないため渡せません", "the stored original no longer matches the one received"),
    ORIGINAL_ERASED("保存期間が過ぎて原本を消去しました", "the original's retention ran out and it was erased"),
    TIME_UP("取り出し期間が終わりました", "the time it was available for has run out");

    private final String japanese;
    private final String english;

    OriginalOutcome(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }
}
