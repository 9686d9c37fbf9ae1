package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.kakehashi.sanitizer.specimens.OdfSpecimens;
import jp.kakehashi.sanitizer.specimens.Zips;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged OpenDocument and legacy Office files are refused with a reason that says what is wrong. */
class BrokenContainerTest {
    private final Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void anOpenDocumentWithoutItsManifestIsMalformed() throws Exception {
        Map<String, byte[]> parts = Zips.read(OdfSpecimens.odt("<text:p>本文</text:p>"));
        parts.remove("mimetype");
        parts.remove("META-INF/manifest.xml");
        DisarmResult.Refused r =
                refused("議事録.odt", OdfSpecimens.write("application/vnd.oasis.opendocument.text", parts));
        assertThat(r.reason().code()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(r.reason().detail()).contains("META-INF/manifest.xml");
    }

    @Test
    void anOpenDocumentWithBrokenXmlIsMalformedAndNamesThePart() throws Exception {
        Map<String, byte[]> parts = Zips.read(OdfSpecimens.odt("<text:p>本文</text:p>"));
        parts.remove("mimetype");
        Zips.edit(parts, "content.xml", xml -> xml.replace("</office:text>", ""));
        DisarmResult.Refused r =
                refused("議事録.odt", OdfSpecimens.write("application/vnd.oasis.opendocument.text", parts));
        assertThat(r.reason().code()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(r.reason().detail()).isEqualTo("/content.xml is not well-formed XML");
    }

    @Test
    void anExcelRecordThatRunsPastItsStreamIsMalformed() throws Exception {
        byte[] xls;
        try (HSSFWorkbook wb = new HSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("予算").createRow(0).createCell(0).setCellValue("予算");
            wb.write(out);
            xls = out.toByteArray();
        }
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(xls));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            byte[] workbook;
            try (var in = fs.createDocumentInputStream("Workbook")) {
                workbook = in.readAllBytes();
            }
            // Cut the stream inside the first record that has data: its declared length now runs past the end.
            int length = (workbook[2] & 0xff) | (workbook[3] & 0xff) << 8;
            byte[] cut = java.util.Arrays.copyOf(workbook, 4 + length / 2);
            fs.createOrUpdateDocument(new ByteArrayInputStream(cut), "Workbook");
            fs.writeFilesystem(out);
            xls = out.toByteArray();
        }
        DisarmResult.Refused r = refused("予算.xls", xls);
        assertThat(r.reason().code()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(r.reason().detail()).contains("runs past the end of the stream");
    }

    private DisarmResult.Refused refused(String name, byte[] content) throws Exception {
        Path in = dir.resolve(name);
        Files.write(in, content);
        DisarmResult result = sanitizer.disarm(in, sanitizer.detect(in, name), dir);
        assertThat(result).as(name).isInstanceOf(DisarmResult.Refused.class);
        return (DisarmResult.Refused) result;
    }
}
