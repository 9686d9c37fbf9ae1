package jp.kakehashi.appliance.ppap;

import jp.kakehashi.appliance.base.Refused;

/** Why an encrypted file was not opened, in Japanese and English. */
public final class UnlockRefused extends Refused {
    private static final long serialVersionUID = 1L;

    /** Every way opening can be refused. */
    public enum Reason implements Refused.Reason {
        NO_SUCH_ITEM("該当するファイルがありません", "there is no such file"),
        NOT_YOURS("このファイルを開けるのは、送り主と受け取る人だけです", "only the file's sender and its recipients may open it"),
        NOT_HELD_ENCRYPTED("このファイルは、暗号化のため保留されているファイルではありません", "this file is not one held because it is encrypted"),
        ALREADY_UNLOCKED("このファイルは既に開かれ、新しいファイルとして検査されています", "this file was already opened and checked as a new file"),
        PASSWORD_REQUIRED("パスワードを入力してください", "type the password"),
        WRONG_PASSWORD("パスワードが違います", "the password does not open the file"),
        TOO_MANY_ATTEMPTS(
                "パスワードの誤りが続いたため、1時間はこのファイルを開けません。送り主に確認してください",
                "too many wrong passwords: this file cannot be opened for an hour; check with the sender"),
        CANNOT_OPEN(
                "このファイルは開けませんでした（対応していない暗号化、壊れたファイル、または大きすぎる中身）",
                "the file could not be opened (unsupported encryption, a broken file, or contents too large)");

        private final Refused.Texts texts;

        Reason(String japanese, String english) {
            this.texts = new Refused.Texts(japanese, english);
        }

        @Override
        public Refused.Texts texts() {
            return texts;
        }
    }

    public UnlockRefused(Reason reason, String detail) {
        super(reason, detail);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
