package jp.kakehashi.sanitizer.specimens;

import static jp.kakehashi.sanitizer.Verdict.BLOCKED;
import static jp.kakehashi.sanitizer.Verdict.CLEAN;
import static jp.kakehashi.sanitizer.Verdict.QUARANTINED;
import static jp.kakehashi.sanitizer.Verdict.SANITIZED;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.hslf.usermodel.HSLFSlide;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Legacy Office specimens (.xls/.ppt written by POI, the way old tools and attackers write them):
 * VBA and embedded-object storages that a rebuild removes, and what hides in the main stream
 * (Excel 4.0 macro sheets, Auto_Open names, links to other workbooks, PowerPoint embedded
 * objects, encryption) that refuses the rebuild. Real .doc files need an office suite to write,
 * so Word's cases are in {@code FidelityIT}.
 */
public final class LegacySpecimens {
    private LegacySpecimens() {}

    public static List<Specimen> all() {
        List<Specimen> s = new ArrayList<>();
        s.add(new Specimen("LEG-00", "予算.xls", xls(wb -> {}), CLEAN, ""));
        s.add(new Specimen(
                "LEG-01", "予算.xls", withStorage(xls(wb -> {}), "_VBA_PROJECT_CUR", "VBA"), SANITIZED, "macro"));
        s.add(new Specimen(
                "LEG-02",
                "埋込.xls",
                withStorage(xls(wb -> {}), "MBD0012AB34", "\u0001Ole10Native"),
                SANITIZED,
                "ole-object"));
        s.add(new Specimen("LEG-03", "集計.xls", macroSheet(), BLOCKED, "LEGACY_OFFICE"));
        s.add(new Specimen(
                "LEG-04", "起動.xls", xls(wb -> wb.createName().setNameName("Auto_Open")), BLOCKED, "LEGACY_OFFICE"));
        s.add(new Specimen("LEG-05", "連携.xls", externalLink(), BLOCKED, "LEGACY_OFFICE"));
        s.add(new Specimen("LEG-06", "秘密.xls", encryptedXls(), QUARANTINED, "ENCRYPTED_CONTENT"));
        s.add(new Specimen("LEG-07", "説明.ppt", ppt(false), CLEAN, ""));
        s.add(new Specimen("LEG-08", "説明.ppt", withStorage(ppt(false), "_VBA_PROJECT_CUR", "VBA"), SANITIZED, "macro"));
        s.add(new Specimen("LEG-09", "埋込.ppt", ppt(true), BLOCKED, "LEGACY_OFFICE"));
        // ISSUE 28: an embedded-object record holding a compound file with no stream (no macro flag)
        // was blocked as an embedded object; nothing in it can run or show, so the file is clean.
        s.add(new Specimen("LEG-10", "空の埋込.ppt", pptWithEmptyObject(), CLEAN, ""));
        return s;
    }

    interface WorkbookChange {
        void apply(HSSFWorkbook wb) throws IOException;
    }

    static byte[] xls(WorkbookChange change) {
        try (HSSFWorkbook wb = new HSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var row = wb.createSheet("予算").createRow(0);
            row.createCell(0).setCellValue("研修（職員向け）");
            row.createCell(1).setCellValue(450000);
            change.apply(wb);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compound file with one more storage (and a stream inside it), as Office writes macros or objects. */
    static byte[] withStorage(byte[] ole, String storage, String child) {
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(ole));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            DirectoryEntry dir = fs.getRoot().createDirectory(storage);
            dir.createDirectory(child)
                    .createDocument(
                            "dir",
                            new ByteArrayInputStream(
                                    "Attribute VB_Name = \"Module1\"".getBytes(StandardCharsets.US_ASCII)));
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A second sheet turned into an Excel 4.0 macro sheet: its BoundSheet8 record's dt byte set to 1. */
    static byte[] macroSheet() {
        byte[] xls =
                xls(wb -> wb.createSheet("Macro1").createRow(0).createCell(0).setCellFormula("EXEC(\"calc\")"));
        return patchWorkbook(xls, workbook -> {
            int pos = 0;
            int seen = 0;
            while (pos + 4 <= workbook.length) {
                int type = (workbook[pos] & 0xff) | (workbook[pos + 1] & 0xff) << 8;
                int length = (workbook[pos + 2] & 0xff) | (workbook[pos + 3] & 0xff) << 8;
                if (type == 0x0085 && ++seen == 2) {
                    workbook[pos + 4 + 5] = 0x01;
                    return;
                }
                pos += 4 + length;
            }
            throw new IllegalStateException("no second BoundSheet8 record");
        });
    }

    static byte[] externalLink() {
        return xls(wb -> {
            try (HSSFWorkbook other = new HSSFWorkbook()) {
                other.createSheet("Sheet1");
                wb.linkExternalWorkbook("share.xls", other);
                wb.getSheetAt(0).getRow(0).createCell(2).setCellFormula("[share.xls]Sheet1!A1");
            }
        });
    }

    static byte[] encryptedXls() {
        Biff8EncryptionKey.setCurrentUserPassword("himitsu");
        try {
            return xls(wb -> {});
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
    }

    static byte[] ppt(boolean embedded) {
        try (HSLFSlideShow show = new HSLFSlideShow();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            HSLFSlide slide = show.createSlide();
            HSLFTextBox box = slide.createTextBox();
            box.setText("窓口の受付時間は午前8時30分からです。");
            if (embedded) {
                try (POIFSFileSystem object = new POIFSFileSystem(new ByteArrayInputStream(xls(wb -> {})))) {
                    show.addEmbed(object);
                }
            }
            show.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pptWithEmptyObject() {
        try (HSLFSlideShow show = new HSLFSlideShow();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            show.createSlide().createTextBox().setText("空のオブジェクトが残った資料です。");
            try (POIFSFileSystem empty = new POIFSFileSystem()) {
                // POI embeds only storages it knows by class id; the storage still holds no stream.
                empty.getRoot().setStorageClsid(org.apache.poi.hpsf.ClassIDPredefined.EXCEL_V8.getClassID());
                show.addEmbed(empty);
            }
            show.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface StreamPatch {
        void apply(byte[] workbook);
    }

    private static byte[] patchWorkbook(byte[] xls, StreamPatch patch) {
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(xls));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            byte[] workbook;
            try (var in = fs.createDocumentInputStream("Workbook")) {
                workbook = in.readAllBytes();
            }
            patch.apply(workbook);
            fs.createOrUpdateDocument(new ByteArrayInputStream(workbook), "Workbook");
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
