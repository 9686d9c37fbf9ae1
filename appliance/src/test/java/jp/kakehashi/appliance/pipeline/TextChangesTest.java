package jp.kakehashi.appliance.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextChangesTest {
    @Test
    void changedAddedAndRemovedLinesAreCountedAndShown() {
        TextChanges c = TextChanges.between("件名 見積\n金額 100万円\n納期 3月\n備考 なし\n", "件名 見積\n金額 120万円\n納期 3月\n支払 月末\n");
        assertThat(c.linesRemoved()).isEqualTo(2);
        assertThat(c.linesAdded()).isEqualTo(2);
        assertThat(c.complete()).isTrue();
        assertThat(c.passages()).hasSize(2);
        assertThat(c.passages().getFirst())
                .isEqualTo(new TextChanges.Passage(2, List.of("金額 100万円"), List.of("金額 120万円")));
        assertThat(c.passages().get(1).line()).isEqualTo(4);
    }

    @Test
    void spacingAndBlankLinesAreNoChange() {
        assertThat(TextChanges.between("一行目\n\n二行目\n", "  一行目\n二行目  \n\n").none())
                .isTrue();
    }

    /** A wholly rewritten long document: counted in full up to the bound, only the first passages listed. */
    @Test
    void aLargeRewriteIsBoundedAndSaysSo() {
        String before = IntStream.range(0, 6_000).mapToObj(i -> "旧 " + i).collect(Collectors.joining("\n"));
        String after = IntStream.range(0, 6_000)
                .mapToObj(i -> i % 2 == 0 ? "新 " + i : "旧 " + i)
                .collect(Collectors.joining("\n"));
        TextChanges c = TextChanges.between(before, after);
        assertThat(c.complete()).isFalse();
        assertThat(c.passages()).hasSize(TextChanges.MAX_PASSAGES);
        assertThat(c.linesAdded()).isEqualTo(TextChanges.MAX_LINES / 2);
        String longLine = "あ".repeat(1_000);
        assertThat(TextChanges.between("", longLine)
                        .passages()
                        .getFirst()
                        .added()
                        .getFirst())
                .hasSize(TextChanges.MAX_LINE_CHARS + 1);
    }
}
