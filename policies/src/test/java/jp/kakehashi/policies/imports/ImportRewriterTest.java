package jp.kakehashi.policies.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import jp.kakehashi.policies.ConfigException;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 4 §7, My Number import data: read against the declared layout, written anew, and refused
 * at the first row that does not fit, naming its row and column but never its value.
 */
class ImportRewriterTest {
    private static final Charset CP932 = Charset.forName("windows-31j");
    private static final String VALID = "123456789018";
    private static final String HEADER = "個人番号,氏名,生年月日,異動区分\n";

    /** Two layouts, CSV and fixed width, as a municipality writes them (also the fuzz target's). */
    static final Policy POLICY = PolicyLoader.read(new StringReader("""
            imports:
              - id: jumin-ido
                file-names: ["jumin-ido-*.csv"]
                format: csv
                encoding: CP932
                columns:
                  - {name: 個人番号, type: my-number}
                  - {name: 氏名, type: text, max-length: 10}
                  - {name: 生年月日, type: date}
                  - {name: 異動区分, type: code, values: ["01", "02"]}
              - id: kazei
                file-names: ["kazei-*.dat"]
                format: fixed-width
                encoding: CP932
                columns:
                  - {name: 個人番号, type: my-number, width: 12}
                  - {name: 氏名, type: text, width: 10}
                  - {name: 税額, type: digits, width: 7}
                  - {name: 基準日, type: date, date-format: yyyyMMdd, width: 8}
            rules: []
            """), "imports.yaml");

    @Test
    void aFittingCsvIsWrittenAnewInItsEncodingWithCrlfAndMinimalQuotes() throws Exception {
        byte[] sent = (HEADER + "\"" + VALID + "\",\"山田 太郎\",1980-04-01,01\n" + VALID + ",\"鈴木,花子\",2001-12-31,02\n")
                .getBytes(CP932);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImportRewriter.rewrite(schema("jumin-ido-1.csv"), new ByteArrayInputStream(sent), out))
                .isEqualTo(2);
        assertThat(new String(out.toByteArray(), CP932))
                .isEqualTo("個人番号,氏名,生年月日,異動区分\r\n" + VALID + ",山田 太郎,1980-04-01,01\r\n" + VALID
                        + ",\"鈴木,花子\",2001-12-31,02\r\n");
        assertThat(out.toByteArray()).isNotEqualTo(sent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad check digit      | 123456789012,山田,1980-04-01,01   | 2 | 1 | 個人番号",
                "impossible date      | " + VALID + ",山田,1980-02-30,01 | 2 | 3 | 生年月日",
                "code not listed      | " + VALID + ",山田,1980-04-01,09 | 2 | 4 | 異動区分",
                "text too long        | " + VALID + ",山田山田山田山田山田山,1980-04-01,01 | 2 | 2 | 氏名",
                "missing value        | " + VALID + ",,1980-04-01,01     | 2 | 2 | 氏名",
                "a column too few     | " + VALID + ",山田,1980-04-01    | 2 | 0 | ''",
            })
    void theFirstRowThatDoesNotFitIsNamedWithItsColumn(String what, String row, long line, int column, String name) {
        byte[] sent = (HEADER + row + "\n" + VALID + ",佐藤,1990-01-01,01\n").getBytes(CP932);
        assertThatThrownBy(() -> ImportRewriter.rewrite(
                        schema("jumin-ido-1.csv"), new ByteArrayInputStream(sent), new ByteArrayOutputStream()))
                .as(what)
                .isInstanceOfSatisfying(ImportRefused.class, e -> {
                    assertThat(e.row()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage())
                            .contains(line + " 行目", "row " + line)
                            .contains(name);
                    assertThat(e.getMessage()).doesNotContain("123456789012");
                });
    }

    @Test
    void aWrongHeaderBadBytesAndBrokenQuotesAreRefused() {
        assertRefused("個人番号,名前,生年月日,異動区分\n".getBytes(CP932), "jumin-ido-1.csv", 1, "the header must name");
        byte[] prefix = (HEADER + VALID + ",").getBytes(CP932);
        byte[] suffix = ",1980-04-01,01\n".getBytes(CP932);
        byte[] withBadByte = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, withBadByte, 0, prefix.length);
        withBadByte[prefix.length] = (byte) 0x82; // a lead byte followed by a byte no CP932 character has
        withBadByte[prefix.length + 1] = (byte) 0x20;
        System.arraycopy(suffix, 0, withBadByte, prefix.length + 2, suffix.length);
        assertRefused(withBadByte, "jumin-ido-1.csv", 2, "not valid windows-31j");
        assertRefused(
                (HEADER + VALID + ",\"山田,1980-04-01,01\n").getBytes(CP932), "jumin-ido-1.csv", 2, "malformed CSV");
    }

    @Test
    void fixedWidthRecordsAreCheckedByByteWidthAndPaddedAgain() throws Exception {
        String name = "山田太郎  "; // 8 bytes of CP932 and two spaces: 10 bytes
        byte[] sent = (VALID + name + "0012345" + "20260401" + "\n").getBytes(CP932);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImportRewriter.rewrite(schema("kazei-1.dat"), new ByteArrayInputStream(sent), out))
                .isEqualTo(1);
        assertThat(new String(out.toByteArray(), CP932)).isEqualTo(VALID + name + "0012345" + "20260401\r\n");

        assertRefused((VALID + name + "0012345" + "2026041\n").getBytes(CP932), "kazei-1.dat", 1, "expected 37 bytes");
        // A character cut in two by the column edge: 5 two-byte characters and one more byte.
        byte[] split = (VALID + "山田太郎花" + "012345" + "20260401\n").getBytes(CP932);
        split[12 + 10] = split[12 + 9];
        assertThatThrownBy(() -> ImportRewriter.rewrite(
                        schema("kazei-1.dat"), new ByteArrayInputStream(split), new ByteArrayOutputStream()))
                .isInstanceOf(ImportRefused.class);
    }

    @Test
    void aFileIsMatchedToItsLayoutByName() {
        assertThat(POLICY.importFor("jumin-ido-20261124.csv"))
                .map(ImportSchema::id)
                .hasValue("jumin-ido");
        assertThat(POLICY.importFor("kazei-2026.dat")).map(ImportSchema::id).hasValue("kazei");
        assertThat(POLICY.importFor("名簿.csv")).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "format: fixed-width, columns: [{name: a, type: text}]               | is required in a fixed-width layout",
                "format: csv, encoding: ISO-2022-JP, columns: [{name: a, type: text}] | expected one of CP932",
                "format: csv, columns: [{name: a, type: code}]                         | is required for a code column",
                "format: csv, columns: [{name: a, type: text}, {name: a, type: date}]  | names two columns",
                "format: csv, columns: [{name: a, type: date, date-format: 'xx'}]     | expected a pattern",
                "format: csv, columns: [{name: a, type: kana}]                         | expected one of text, digits",
                "format: tsv, columns: [{name: a, type: text}]                         | expected one of csv, fixed-width",
            })
    void lintNamesWhatIsWrongInALayout(String layout, String expected) {
        String yaml = "imports:\n  - {id: x, file-names: [\"x-*.csv\"], " + layout + "}\nrules: []\n";
        assertThatThrownBy(() -> PolicyLoader.read(new StringReader(yaml), "layout.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("layout.yaml:2:")
                .hasMessageContaining(expected);
    }

    private static ImportSchema schema(String name) {
        return POLICY.importFor(name).orElseThrow();
    }

    private static void assertRefused(byte[] sent, String name, long row, String expected) {
        assertThatThrownBy(() -> ImportRewriter.rewrite(
                        schema(name), new ByteArrayInputStream(sent), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(
                        ImportRefused.class, e -> assertThat(e.row()).isEqualTo(row))
                .hasMessageContaining(expected);
    }
}
