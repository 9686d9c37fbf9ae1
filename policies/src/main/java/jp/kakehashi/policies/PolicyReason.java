package jp.kakehashi.policies;

/** Why policy blocked a file, with stable codes and texts in Japanese and English. */
public enum PolicyReason {
    FLOW_DENIED("この方向の受け渡しは許可されていません", "Transfers in this direction are not allowed"),
    TYPE_NOT_ALLOWED("この種類のファイルは受け渡しできません", "This type of file may not be transferred"),
    TYPE_MISMATCH("ファイル名の拡張子と中身の種類が一致しません", "The file name's extension does not match its content"),
    SIZE_LIMIT("ファイルが大きすぎます", "The file is larger than allowed");

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
}
