package jp.kakehashi.appliance.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 25: what a sender writes with a file is plain text of a bounded size, or refused with the reason. */
class CoverNoteTest {
    @Test
    void aNoteIsTrimmedAndItsLinesKept() {
        CoverNote n = new CoverNote("  見積り  ", "ご確認ください。\r\n担当: 佐藤\t内線 123\n");
        assertThat(n.subject()).isEqualTo("見積り");
        assertThat(n.message()).isEqualTo("ご確認ください。\n担当: 佐藤\t内線 123");
        assertThat(new CoverNote(" ", "").isEmpty()).isTrue();
    }

    @Test
    void aSubjectOverOneLineOrTooLongTextIsRefused() {
        assertThatThrownBy(() -> new CoverNote("見積り\n再送", "")).hasMessageContaining("件名は改行なし");
        assertThatThrownBy(() -> new CoverNote("件".repeat(101), "")).hasMessageContaining("100文字以内");
        assertThatThrownBy(() -> new CoverNote("", "文".repeat(2001))).hasMessageContaining("2000文字以内");
        assertThatThrownBy(() -> new CoverNote("", "ベル\u0007")).hasMessageContaining("文章にしてください");
        assertThat(new CoverNote("件".repeat(100), "文".repeat(2000)).subject()).hasSize(100);
    }
}
