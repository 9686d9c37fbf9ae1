package jp.kakehashi.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void japaneseAndEnglishHaveTheSameWords() {
        assertThat(Text.EN.keys()).isEqualTo(Text.JA.keys());
        assertThat(Text.JA.get("login.title")).isEqualTo("ログイン");
    }

    @Test
    void sizesAreInKilobytesAndMegabytesAndTimesInJst() {
        assertThat(Format.size(512)).isEqualTo("512 B");
        assertThat(Format.size(1536)).isEqualTo("1.5 KB");
        assertThat(Format.size(25L << 20)).isEqualTo("25 MB");
        assertThat(Format.time(java.time.Instant.parse("2026-11-24T15:30:00Z"))).isEqualTo("2026/11/25 00:30 JST");
    }
}
