package jp.kakehashi.policies.dlp;

import java.util.List;
import java.util.Locale;

/** Whether words that name a 個人番号 are written near a candidate number. */
final class MyNumberContext {
    /** Characters looked at on each side of the number. */
    static final int WINDOW = 40;

    /** As NFKC writes them: the window is normalised, so ﾏｲﾅﾝﾊﾞｰ and ｍｙ ｎｕｍｂｅｒ match too. */
    private static final List<String> WORDS = List.of("個人番号", "マイナンバー", "my number", "mynumber", "individual number");

    private MyNumberContext() {}

    static boolean near(String text, int start, int end) {
        String around = DlpScanner.nfkc(
                        text.substring(Math.max(0, start - WINDOW), Math.min(text.length(), end + WINDOW)))
                .toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(around::contains);
    }
}
