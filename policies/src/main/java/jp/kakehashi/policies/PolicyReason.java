package jp.kakehashi.policies;

/** Why policy blocked a file, with stable codes and texts in Japanese and English. */
public enum PolicyReason {
    FLOW_DENIED("この方向の受け渡しは許可されていません", "Transfers in this direction are not allowed"),
    TYPE_NOT_ALLOWED("この種類のファイルは受け渡しできません", "This type of file may not be transferred"),
    TYPE_MISMATCH("ファイル名の拡張子と中身の種類が一致しません", "The file name's extension does not match its content"),
    SIZE_LIMIT("ファイルが大きすぎます", "The file is larger than allowed"),
    NO_RULE_ALLOWS("この受け渡しを許可する規則がありません", "No rule allows this transfer"),
    PERSONAL_NUMBER("個人番号（マイナンバー）が含まれています", "The file contains an Individual Number (My Number)"),
    CONFIDENTIAL("秘密情報が含まれています", "The file contains confidential information"),
    TEXT_UNREADABLE(
            "ファイルの文字を読み取れず、個人番号などが含まれていないか確認できませんでした",
            "The file's text could not be read, so it could not be checked for an Individual Number"),
    OUTSIDE_HOURS("この時間帯は受け渡しできません", "Transfers are not allowed at this time of day"),
    SENDER_NOT_ALLOWED("この送信者・宛先の組み合わせは許可されていません", "This sender or recipient is not allowed"),
    ACTIVE_CONTENT("無害化で危険な要素が見つかったため受け渡しできません", "Dangerous content was found while disarming"),
    BLOCKED_BY_RULE("ポリシーの規則により受け渡しできません", "A policy rule does not allow this transfer"),
    IMPORT_NOT_DECLARED(
            "マイナンバー利用事務系へ送れるのは、ポリシーで定義した取り込みデータだけです (ファイル名に合う定義がありません)",
            "Only import data declared in the policy may go to the My Number zone; no declaration matches this file name"),
    IMPORT_INVALID("取り込みデータが定義と一致しません", "The import data does not match its declared layout");

    private final String ja;
    private final String en;

    PolicyReason(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }

    /** The word used in policy files, e.g. {@code personal-number}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
