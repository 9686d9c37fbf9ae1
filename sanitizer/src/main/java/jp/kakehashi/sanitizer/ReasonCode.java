package jp.kakehashi.sanitizer;

/**
 * Why the sanitizer or scanner would not let a file cross, with stable codes and texts in
 * Japanese and English for the sender and the security officer.
 *
 * <p>Each code also says whether the original is kept for the officer ({@link Verdict#QUARANTINED})
 * or simply refused ({@link Verdict#BLOCKED}).
 */
public enum ReasonCode {
    MALWARE(Verdict.QUARANTINED, "マルウェアが検出されました", "Malware was detected"),
    SCAN_LIMIT(Verdict.QUARANTINED, "ウイルス検査の上限を超えたため検査できません", "The file exceeds what the virus scanner can inspect"),
    SCANNER_CRASH(
            Verdict.QUARANTINED,
            "このファイルの検査中にウイルス検査装置が繰り返し停止したため、安全のため隔離しました",
            "The virus scanner stopped again and again while inspecting this file, so it was quarantined to be safe"),
    SCANNER_UNAVAILABLE(
            Verdict.BLOCKED,
            "ウイルス検査装置に接続できません。検査できるまで受け渡しを保留します",
            "The virus scanner is unavailable; the file is held until it can be scanned"),
    ENCRYPTED_CONTENT(
            Verdict.QUARANTINED,
            "暗号化されたファイルは検査できません。パスワードなしで送ってください",
            "Encrypted content cannot be inspected; please send it without a password"),
    WRONG_PASSWORD(
            Verdict.QUARANTINED,
            "パスワードが違うため開けません。正しいパスワードを入力してください",
            "The password does not open the file; please enter the right one"),
    TYPE_NOT_SUPPORTED(
            Verdict.BLOCKED,
            "この種類のファイルは無害化できません。PDF または Word/Excel 形式で送ってください",
            "This kind of file cannot be disarmed; please send PDF, Word or Excel"),
    EXECUTABLE(Verdict.BLOCKED, "実行ファイルやスクリプトは受け渡しできません", "Programs and scripts cannot be transferred"),
    ICHITARO(
            Verdict.BLOCKED,
            "一太郎形式は無害化できません。PDF または Word 形式で保存して送ってください",
            "Ichitaro files cannot be disarmed; please save as PDF or Word and send again"),
    LEGACY_OFFICE(
            Verdict.BLOCKED,
            "古い Office 形式（.doc/.xls/.ppt）のこのファイルには、安全に取り除けない要素（マクロシート、DDE、埋め込みオブジェクトなど）が含まれています。"
                    + ".docx/.xlsx/.pptx で保存し直して送ってください",
            "This old-format Office file (.doc/.xls/.ppt) contains elements that cannot be removed safely (macro sheets, "
                    + "DDE, embedded objects ...); please save it as .docx/.xlsx/.pptx and send it again"),
    ARCHIVE_TYPE(
            Verdict.BLOCKED,
            "ZIP 以外の圧縮形式（7z、RAR、LZH など）は受け付けません。ZIP で送ってください",
            "Archive formats other than ZIP (7z, RAR, LZH ...) are not accepted; please send a ZIP"),
    MALFORMED(Verdict.BLOCKED, "ファイルが壊れているか、形式に合っていません", "The file is damaged or does not match its format"),
    ARCHIVE_LIMIT(
            Verdict.BLOCKED,
            "圧縮ファイルの展開上限（件数・サイズ・圧縮率）を超えています",
            "The archive exceeds the expansion limits (entries, size or ratio)"),
    ARCHIVE_TOO_DEEP(Verdict.BLOCKED, "圧縮ファイルが何重にも入れ子になっています", "Archives are nested inside each other too deeply"),
    UNSAFE_ENTRY_NAME(Verdict.BLOCKED, "圧縮ファイル内に危険な名前のファイルがあります", "The archive contains an entry with an unsafe name"),
    XML_DOCTYPE(
            Verdict.BLOCKED,
            "文書内の XML に DOCTYPE 宣言があり、安全に処理できません",
            "An XML part declares a DOCTYPE, which is not allowed"),
    VERIFY_FAILED(
            Verdict.BLOCKED, "無害化後の検証で問題が見つかったため受け渡しません", "The disarmed file failed its independent verification"),
    IMAGE_TOO_LARGE(Verdict.BLOCKED, "画像の縦横の大きさ（画素数）が上限を超えています", "The image's dimensions exceed the pixel limit"),
    RESOURCE_LIMIT(Verdict.BLOCKED, "処理に時間または資源がかかりすぎるため中止しました", "Processing exceeded its time or memory budget");

    private final Verdict verdict;
    private final String ja;
    private final String en;

    ReasonCode(Verdict verdict, String ja, String en) {
        this.verdict = verdict;
        this.ja = ja;
        this.en = en;
    }

    /** Whether the original goes to quarantine or is simply refused. */
    public Verdict verdict() {
        return verdict;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }
}
