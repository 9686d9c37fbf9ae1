package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ISSUE 28: a receipt speaks to the person it is shown to. The sender was told to "ask the sender
 * to re-save"; a recipient can ask for the original. What was removed reads in words.
 */
class ReceiptsTest {
    private static final List<Removal> MACRO = List.of(new Removal("macro", "/word/vbaProject.bin"));

    @Test
    void theSenderIsToldToReSaveAndTheRecipientToAskForTheOriginal() {
        Receipts.Receipt sender = Receipts.of(MACRO, Receipts.Reader.SENDER);
        assertThat(sender.ja()).contains("マクロを削除しました", "保存し直して、もう一度送ってください").doesNotContain("送信者に", "原本の取り出し");
        assertThat(sender.en()).contains("send it again").doesNotContain("ask the sender");

        Receipts.Receipt recipient = Receipts.of(MACRO, Receipts.Reader.RECIPIENT);
        assertThat(recipient.ja()).contains("原本の取り出しを申請", "送信者に").doesNotContain("もう一度送ってください");
        assertThat(recipient.en()).contains("ask the security officer", "ask the sender");
    }

    @Test
    void aRemovalReadsInWordsInBothLanguages() {
        Receipts.Receipt line = Receipts.describe(new Removal("dde", "DDE/INCLUDE field in /word/document.xml", 2));
        assertThat(line.ja()).isEqualTo("他のプログラムを起動するフィールド: DDE/INCLUDE field in /word/document.xml ×2");
        assertThat(line.en()).isEqualTo("field that starts a program: DDE/INCLUDE field in /word/document.xml ×2");
        assertThat(Receipts.describe(new Removal("something-new", "")).ja()).isEqualTo("something-new");
    }
}
