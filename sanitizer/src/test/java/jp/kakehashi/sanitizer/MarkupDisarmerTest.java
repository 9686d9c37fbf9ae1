package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RTF, HTML and SVG keep what staff need (text, layout, links) while losing what runs. */
class MarkupDisarmerTest {
    private static final Charset CP932 = Charset.forName("windows-31j");
    private static final String HEADER =
            "{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Mincho;}}";

    final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void aCleanJapaneseRtfComesOutByteForByte() throws Exception {
        byte[] rtf = (HEADER
                        + "\\f0 \\'8c\\'a9\\'90\\'cf\\'8f\\'91\\par{\\field{\\*\\fldinst HYPERLINK \"https://www.city.example.lg.jp/\"}"
                        + "{\\fldrslt \\'83\\'7a\\'81\\'5b\\'83\\'80}}\\bin4 {}\\\\}")
                .getBytes(StandardCharsets.US_ASCII);
        DisarmResult.Disarmed d = disarmed(rtf, "見積書.rtf");
        assertThat(d.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(Files.readAllBytes(d.output())).isEqualTo(rtf);
    }

    @Test
    void anObjectLeavesItsPictureAndADdeFieldLeavesItsResult() throws Exception {
        String before = HEADER + "\\'96\\'7b\\'95\\'b6";
        String object = "{\\object\\objemb\\objupdate{\\*\\objclass Equation.3}{\\*\\objdata 0105000002000000}"
                + "{\\result{\\pict\\wmetafile8 0100}}}";
        String field = "{\\field{\\*\\fldinst DDEAUTO cmd \"/c calc\"}{\\fldrslt \\'8c\\'8b\\'89\\'ca}}";
        byte[] rtf = (before + object + field + "}").getBytes(StandardCharsets.US_ASCII);
        DisarmResult.Disarmed d = disarmed(rtf, "数式.rtf");
        String out = Files.readString(d.output(), StandardCharsets.ISO_8859_1);
        assertThat(out)
                .isEqualTo(before + "{\\result{\\pict\\wmetafile8 0100}}{\\field{\\fldrslt \\'8c\\'8b\\'89\\'ca}}}");
        assertThat(d.removals()).extracting(Removal::kind).containsExactly("ole-object", "dde");
    }

    /**
     * ISSUE 28: an RTF field instruction is read as Word reads it: hex escapes ({@code \'44} is D),
     * formatting between letters ({@code DD{\b EAUTO}}), and a nested field that writes the command
     * word ({@code QUOTE} with character codes) with an empty cached result. A harmless nested field
     * (a mail-merge IF) stays byte for byte.
     */
    @Test
    void anRtfFieldWhoseCommandIsEscapedSplitOrWrittenByANestedFieldLosesItsInstruction() throws Exception {
        String hex = "{\\field{\\*\\fldinst \\'44\\'44\\'45AUTO cmd \"/c calc\"}{\\fldrslt A}}";
        String split = "{\\field{\\*\\fldinst DD{\\b EAUTO} cmd \"/c calc\"}{\\fldrslt B}}";
        String unicode = "{\\field{\\*\\fldinst \\u68?\\u68?EAUTO cmd}{\\fldrslt C}}";
        String nested = "{\\field{\\*\\fldinst {\\field{\\*\\fldinst QUOTE 68 68 69 65 85 84 79}{\\fldrslt }}"
                + " c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\"}{\\fldrslt D}}";
        String mergeIf = "{\\field{\\*\\fldinst IF {\\field{\\*\\fldinst MERGEFIELD kubun}{\\fldrslt A}} = \"A\" \"x\"}"
                + "{\\fldrslt x}}";
        byte[] rtf = (HEADER + hex + split + unicode + nested + mergeIf + "}").getBytes(StandardCharsets.US_ASCII);
        DisarmResult.Disarmed d = disarmed(rtf, "依頼.rtf");
        String out = Files.readString(d.output(), StandardCharsets.ISO_8859_1);
        assertThat(out)
                .isEqualTo(HEADER
                        + "{\\field{\\fldrslt A}}{\\field{\\fldrslt B}}{\\field{\\fldrslt C}}{\\field{\\fldrslt D}}"
                        + mergeIf + "}");
        assertThat(d.removals().stream()
                        .filter(r -> r.kind().equals("dde"))
                        .mapToInt(Removal::count)
                        .sum())
                .isEqualTo(4);
        assertThat(d.removals()).extracting(Removal::detail).contains("field whose command a nested field writes");
    }

    @Test
    void aShiftJisPageStaysShiftJisWithItsTextAndLinks() throws Exception {
        byte[] html = ("<html><head><meta charset=\"Shift_JIS\"><title>市役所①</title></head><body>"
                        + "<p onclick=\"steal()\">ご案内 ㈱</p><a href=\"https://www.city.example.lg.jp/\">ホーム</a>"
                        + "<img src=\"http://tracker.example/p.gif\"><script>alert(1)</script></body></html>")
                .getBytes(CP932);
        DisarmResult.Disarmed d = disarmed(html, "案内.html");
        String out = new String(Files.readAllBytes(d.output()), CP932);
        assertThat(out)
                .contains("charset=\"windows-31j\"")
                .contains("<title>市役所①</title>")
                .contains("ご案内 ㈱")
                .contains("href=\"https://www.city.example.lg.jp/\"")
                .doesNotContain("onclick")
                .doesNotContain("tracker.example")
                .doesNotContain("script");
        assertThat(d.removals()).extracting(Removal::kind).contains("script", "external-reference");
    }

    @Test
    void anSvgKeepsItsDrawingAndInternalReferences() throws Exception {
        byte[] svg =
                ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">"
                                + "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#f00\"/></linearGradient></defs>"
                                + "<rect width=\"10\" height=\"10\" fill=\"url(#g)\" onclick=\"x()\"/><use xlink:href=\"#g\"/>"
                                + "<text x=\"1\" y=\"5\">地図</text><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>")
                        .getBytes(StandardCharsets.UTF_8);
        DisarmResult.Disarmed d = disarmed(svg, "地図.svg");
        String out = Files.readString(d.output());
        assertThat(out)
                .contains("fill=\"url(#g)\"")
                .contains("xlink:href=\"#g\"")
                .contains(">地図</text>")
                .doesNotContain("onclick")
                .doesNotContain("<set");
    }

    /**
     * ISSUE 28: CSS written with escapes ({@code @\69mport}, {@code u\72l(}), split by comments, or
     * fetching through {@code image-set("...")} without url() still fetches in a browser; it is
     * judged after its comments are removed and its escapes decoded. An escaped font name stays.
     */
    @Test
    void escapedOrHiddenCssFetchesAreRemovedFromAnSvg() throws Exception {
        List<String> fetching = List.of(
                "<style>@\\69mport \"https://evil.example/a.css\";</style>",
                "<style>rect{fill:u\\72l(https://evil.example/b)}</style>",
                "<style>rect{fill:\\75\\72\\6c(https://evil.example/c)}</style>",
                "<style>rect{background:url(/**/\"https://evil.example/d\")}</style>",
                "<style>rect{background:image-set(\"https://evil.example/e.png\" 1x)}</style>",
                "<rect width=\"1\" height=\"1\" style=\"fill:u\\rl(https://evil.example/f)\"/>",
                "<rect width=\"1\" height=\"1\" style=\"background:-webkit-image-set('https://evil.example/g' 1x)\"/>");
        for (String active : fetching) {
            byte[] svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">" + active
                            + "<text x=\"1\" y=\"5\">地図</text></svg>")
                    .getBytes(StandardCharsets.UTF_8);
            DisarmResult.Disarmed d = disarmed(svg, "地図.svg");
            String out = Files.readString(d.output());
            assertThat(out).as(active).doesNotContain("evil.example").contains(">地図</text>");
            assertThat(d.removals()).as(active).extracting(Removal::kind).contains("external-reference");
        }
        byte[] font = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
                        + "<style>text{font-family:\\5c0f\\585a\\30b4\\30b7\\30c3\\30af;fill:url(#g)}</style>"
                        + "<text x=\"1\" y=\"5\">地図</text></svg>")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Files.readString(disarmed(font, "地図.svg").output()))
                .as("an escaped Japanese font name and an internal url() are not fetches")
                .contains("font-family:\\5c0f");
    }

    private DisarmResult.Disarmed disarmed(byte[] content, String name) throws Exception {
        Path in = dir.resolve("in");
        Files.write(in, content);
        DisarmResult r = sanitizer.disarm(in, sanitizer.detect(in, name), dir);
        assertThat(r).isInstanceOf(DisarmResult.Disarmed.class);
        return (DisarmResult.Disarmed) r;
    }
}
