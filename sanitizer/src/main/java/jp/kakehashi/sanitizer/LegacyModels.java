package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.poi.hslf.record.ExOleObjStg;
import org.apache.poi.hslf.record.InteractiveInfoAtom;
import org.apache.poi.hslf.record.Record;
import org.apache.poi.hslf.record.RecordTypes;
import org.apache.poi.hslf.usermodel.HSLFObjectData;
import org.apache.poi.hslf.usermodel.HSLFSlideShowImpl;
import org.apache.poi.hssf.record.BoundSheetRecord;
import org.apache.poi.hssf.record.FilePassRecord;
import org.apache.poi.hssf.record.NameRecord;
import org.apache.poi.hssf.record.RecordFactory;
import org.apache.poi.hssf.record.SupBookRecord;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.hwpf.HWPFDocument;
import org.apache.poi.hwpf.model.FieldsDocumentPart;
import org.apache.poi.hwpf.usermodel.Field;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * The verifier's reading of rebuilt legacy Office files through POI's document models: the file
 * must open as its type, and what the disarmer refuses must not be there.
 */
final class LegacyModels {
    /** Word field types (flt) that fetch or run: LINK 56, DDE 45, DDEAUTO 46, INCLUDEPICTURE 67, INCLUDETEXT 68. */
    private static final java.util.Set<Integer> DANGEROUS_FIELD_TYPES = java.util.Set.of(45, 46, 56, 67, 68);

    private LegacyModels() {}

    static Optional<String> wordProblem(POIFSFileSystem fs) throws IOException {
        HWPFDocument doc = new HWPFDocument(fs.getRoot());
        for (FieldsDocumentPart part : FieldsDocumentPart.values()) {
            for (Field field : doc.getFields().getFields(part)) {
                if (DANGEROUS_FIELD_TYPES.contains(field.getType())) {
                    return Optional.of("a field of type " + field.getType() + " remains in the " + part);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> excelProblem(POIFSFileSystem fs) throws IOException {
        try (HSSFWorkbook workbook = new HSSFWorkbook(fs.getRoot(), false)) {
            if (workbook.getNumberOfSheets() == 0) {
                return Optional.of("the workbook has no sheets");
            }
        }
        try (InputStream in = fs.getRoot().createDocumentInputStream("Workbook")) {
            for (org.apache.poi.hssf.record.Record r : RecordFactory.createRecords(in)) {
                if (r instanceof FilePassRecord) {
                    return Optional.of("the workbook is still encrypted");
                }
                if (r instanceof SupBookRecord book && book.isExternalReferences()) {
                    return Optional.of("a link to another workbook remains");
                }
                if (r instanceof NameRecord name
                        && ((name.isBuiltInName() && (name.getBuiltInName() == 1 || name.getBuiltInName() == 2))
                                || name.getNameText().toLowerCase(Locale.ROOT).startsWith("auto_open"))) {
                    return Optional.of("an Auto_Open macro name remains");
                }
                if (r instanceof BoundSheetRecord sheet && sheetType(sheet) == 1) {
                    return Optional.of("an Excel 4.0 macro sheet remains: " + sheet.getSheetname());
                }
            }
        }
        return Optional.empty();
    }

    private static int sheetType(BoundSheetRecord sheet) {
        Supplier<?> flags = sheet.getGenericProperties().get("optionFlags");
        return flags != null && flags.get() instanceof Number n ? (n.intValue() >> 8) & 0xff : 0;
    }

    static Optional<String> powerPointProblem(POIFSFileSystem fs) throws IOException {
        try (HSLFSlideShowImpl show = new HSLFSlideShowImpl(fs.getRoot())) {
            for (HSLFObjectData object : show.getEmbeddedObjects()) {
                if (!emptyCompoundFile(object.getInputStream())) {
                    return Optional.of("an embedded object remains");
                }
            }
            for (Record r : show.getRecords()) {
                Optional<String> p = powerPointRecord(r, 0);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether an embedded object's data is a compound file with no stream ({@link Ole2#isEmptyCompoundFile}). */
    private static boolean emptyCompoundFile(InputStream data) throws IOException {
        try (InputStream in = data) {
            return Ole2.isEmptyCompoundFile(in.readNBytes(Ole2.MAX_EMPTY_COMPOUND_FILE + 1));
        }
    }

    private static Optional<String> powerPointRecord(Record r, int depth) {
        long type = r.getRecordType();
        if (r instanceof ExOleObjStg storage) {
            try {
                if (!emptyCompoundFile(storage.getData())) {
                    return Optional.of("record " + RecordTypes.forTypeID((int) type) + " remains");
                }
            } catch (IOException e) {
                return Optional.of("record " + RecordTypes.forTypeID((int) type) + " cannot be read");
            }
        }
        if (type == RecordTypes.ExControl.typeID) {
            return Optional.of("record " + RecordTypes.forTypeID((int) type) + " remains");
        }
        if (r instanceof org.apache.poi.hslf.record.VBAInfoAtom vba && vba.isHasMacros()) {
            return Optional.of("the presentation still declares macros");
        }
        if (r instanceof InteractiveInfoAtom info) {
            int action = info.getAction();
            if (action == InteractiveInfoAtom.ACTION_MACRO || action == InteractiveInfoAtom.ACTION_OLE || action == 2) {
                return Optional.of("a click action that runs something remains");
            }
        }
        Record[] children = depth < 64 ? r.getChildRecords() : null;
        if (children != null) {
            for (Record child : children) {
                Optional<String> p = powerPointRecord(child, depth + 1);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }
}
