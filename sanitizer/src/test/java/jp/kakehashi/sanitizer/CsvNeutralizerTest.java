package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvNeutralizerTest {
    private static final Charset CP932 = Charset.forName("windows-31j");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`=cmd|' /c calc'!A0`|`'=cmd|' /c calc'!A0`",
                "a,=1+2,c|a,'=1+2,c",
                "@SUM(A1),+A1,-A1|'@SUM(A1),'+A1,'-A1",
                "-12.5,+81,-1,000|-12.5,+81,-1,000",
                "`\"=HYPERLINK(\"\"http://x\"\")\",b`|`\"'=HYPERLINK(\"\"http://x\"\")\",b`",
                "`\"a,=b\",=c`|`\"a,=b\",'=c`",
                "-,--,+-1|'-,'--,'+-1",
                "plain,text|plain,text",
            })
    void formulaCellsGetAQuoteAndEverythingElseStays(String in, String expected) throws IOException {
        assertThat(run(in.getBytes(StandardCharsets.UTF_8), ',')).isEqualTo(expected);
    }

    @Test
    void everyLineStartsACellWhateverTheLineEnd() throws IOException {
        assertThat(run("a\r\n=1\n=2\r=3".getBytes(StandardCharsets.UTF_8), ',')).isEqualTo("a\r\n'=1\n'=2\r'=3");
        assertThat(run("\"multi\nline\",=x\n".getBytes(StandardCharsets.UTF_8), ','))
                .isEqualTo("\"multi\nline\",'=x\n");
        assertThat(run("a\t=1\t-2\n".getBytes(StandardCharsets.UTF_8), '\t')).isEqualTo("a\t'=1\t-2\n");
    }

    @Test
    void shiftJisStaysShiftJisByteForByte() throws Exception {
        // ソ and 表 end in 0x5C, the classic Shift_JIS trail byte that looks like a backslash.
        String text = "氏名,金額,備考\n山田 太郎,-1200,=IMPORTXML(\"http://x\")\nソ表,@計算,①㈱髙\n";
        byte[] cp932 = text.getBytes(CP932);
        Path in = dir.resolve("in.csv");
        Files.write(in, cp932);
        DisarmResult r = new TextDisarmer()
                .disarm(in, new Detection("text/csv", ".csv", ".csv"), dir.resolve("out.csv"), noMembers());
        DisarmResult.Disarmed d = (DisarmResult.Disarmed) r;
        String out = new String(Files.readAllBytes(d.output()), CP932);
        assertThat(out).isEqualTo("氏名,金額,備考\n山田 太郎,-1200,'=IMPORTXML(\"http://x\")\nソ表,'@計算,①㈱髙\n");
        assertThat(d.removals())
                .containsExactly(new Removal("formula", "spreadsheet formulas made inert with a leading '", 2));
    }

    @Test
    void iso2022JpIsHandledAsCharacters() throws Exception {
        Charset jis = Charset.forName("ISO-2022-JP");
        Path in = dir.resolve("jis.csv");
        Files.write(in, "項目,=1+1\n漢字,値\n".getBytes(jis));
        DisarmResult.Disarmed d = (DisarmResult.Disarmed) new TextDisarmer()
                .disarm(in, new Detection("text/csv", ".csv", ".csv"), dir.resolve("jis-out.csv"), noMembers());
        assertThat(new String(Files.readAllBytes(d.output()), jis)).isEqualTo("項目,'=1+1\n漢字,値\n");
    }

    @Test
    void plainTextIsNotTouched() throws Exception {
        Path in = dir.resolve("memo.txt");
        Files.writeString(in, "=これは数式ではなくメモです\n");
        DisarmResult.Disarmed d = (DisarmResult.Disarmed) new TextDisarmer()
                .disarm(in, new Detection("text/plain", ".txt", ".txt"), dir.resolve("memo-out.txt"), noMembers());
        assertThat(Files.readAllBytes(d.output())).isEqualTo(Files.readAllBytes(in));
        assertThat(d.removals()).isEmpty();
    }

    private DisarmContext noMembers() {
        return new DisarmContext(dir, 0, DisarmOptions.DEFAULTS, ArchiveLimits.defaults(), (member, name, context) -> {
            throw new AssertionError("text has no members");
        });
    }

    private static String run(byte[] in, int delimiter) throws IOException {
        ByteArrayInputStream source = new ByteArrayInputStream(in);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        CsvNeutralizer.neutralize(source::read, sink::write, delimiter);
        return sink.toString(StandardCharsets.UTF_8);
    }
}
