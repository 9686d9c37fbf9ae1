package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Rebuilds a PDF without JavaScript, dangerous actions, embedded files, XFA or media
 * annotations, and saves it as a fresh file (earlier incremental revisions are dropped).
 *
 * <p>Rather than chase each place an action can hide, it walks the whole object graph from the
 * trailer and removes every {@code /JS}, {@code /JavaScript}, {@code /AA} entry and every entry
 * whose value is a dangerous action dictionary; then it drops embedded files, XFA and media
 * annotations. Fonts and content streams are not touched, so Japanese text stays as it was; a
 * font program that decodes to more than 64 MB is refused as a decompression bomb.
 */
final class PdfDisarmer implements Disarmer {
    private static final COSName JS = COSName.getPDFName("JS");
    private static final COSName JAVASCRIPT = COSName.getPDFName("JavaScript");
    private static final COSName EMBEDDED_FILES = COSName.getPDFName("EmbeddedFiles");
    private static final COSName XFA = COSName.getPDFName("XFA");

    private static final List<COSName> FONT_PROGRAMS =
            List.of(COSName.FONT_FILE, COSName.FONT_FILE2, COSName.FONT_FILE3);

    /** Decoded size beyond which an embedded font program is taken for a decompression bomb. */
    static final long MAX_FONT_PROGRAM_BYTES = 64L << 20;

    private final int maxObjects;

    PdfDisarmer(int maxObjects) {
        this.maxObjects = maxObjects;
    }

    @Override
    public boolean handles(String mediaType) {
        return mediaType.equals("application/pdf");
    }

    /** How much of the file's end is read at a time while looking for the last {@code %%EOF}. */
    private static final int TAIL_CHUNK = 1 << 16;

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        List<Removal> removals = new ArrayList<>();
        // Judged before PDFBox reads it: PDFBox repairs without saying so.
        PdfStructure.repairNeeded(input).ifPresent(why -> removals.add(new Removal("repaired", why)));
        try (PDDocument doc = Loader.loadPDF(
                new org.apache.pdfbox.io.RandomAccessReadBufferedFile(input.toFile()),
                "",
                null,
                null,
                IOUtils.createTempFileOnlyStreamCache())) {
            if (doc.isEncrypted()) {
                // Opened with the empty user password: only an owner password (permissions) was set.
                doc.setAllSecurityToBeRemoved(true);
                removals.add(new Removal("encryption", "owner-password permissions removed"));
            }
            COSDictionary trailer = doc.getDocument().getTrailer();
            CosWalker.walk(trailer, maxObjects, dictionary -> {
                refuseFontBomb(dictionary);
                strip(dictionary, removals);
            });
            dropEmbeddedFilesAndXfa(doc, removals);
            dropMediaAnnotations(doc, removals);
            appended(input).ifPresent(removals::add);
            doc.save(output.toFile(), CompressParameters.NO_COMPRESSION);
        } catch (InvalidPasswordException e) {
            return new DisarmResult.Refused(Reason.of(ReasonCode.ENCRYPTED_CONTENT, "PDF needs a password to open"));
        } catch (CosWalker.PdfTooComplexException e) {
            return new DisarmResult.Refused(Reason.of(ReasonCode.RESOURCE_LIMIT, String.valueOf(e.getMessage())));
        } catch (IOException | RuntimeException e) {
            return new DisarmResult.Refused(
                    Reason.of(ReasonCode.MALFORMED, "PDF: " + e.getClass().getSimpleName()));
        }
        return new DisarmResult.Disarmed(output, "application/pdf", ".pdf", Removal.merge(removals));
    }

    /**
     * Data after the last {@code %%EOF} (a ZIP in a {@code cat a.pdf b.zip} polyglot, ATTACKS
     * TYPE-02). The rebuild writes only the objects the document uses, so it is left behind; this
     * says so on the receipt. Line ends and spaces after the marker are not data.
     */
    static Optional<Removal> appended(Path input) throws IOException {
        byte[] marker = "%%EOF".getBytes(StandardCharsets.US_ASCII);
        try (FileChannel file = FileChannel.open(input, StandardOpenOption.READ)) {
            long size = file.size();
            ByteBuffer window = ByteBuffer.allocate(TAIL_CHUNK + marker.length);
            for (long end = size; end > 0; end -= TAIL_CHUNK) {
                long start = Math.max(0, end - TAIL_CHUNK);
                window.clear().limit((int) (Math.min(size, end + marker.length) - start));
                while (window.hasRemaining() && file.read(window, start + window.position()) > 0) {
                    // Reads the window whole.
                }
                byte[] b = Arrays.copyOf(window.array(), window.position());
                for (int i = b.length - marker.length; i >= 0; i--) {
                    if (Arrays.equals(b, i, i + marker.length, marker, 0, marker.length)) {
                        return trailing(file, start + i + marker.length, size);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Removal> trailing(FileChannel file, long from, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(TAIL_CHUNK, size - from));
        while (head.hasRemaining() && file.read(head, from + head.position()) > 0) {
            // Reads the start of the tail whole.
        }
        String text = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
        if (text.isBlank() && size - from <= TAIL_CHUNK) {
            return Optional.empty();
        }
        return Optional.of(new Removal(
                "trailing-data",
                (size - from) + " bytes after the end of the PDF"
                        + (text.contains("PK\u0003\u0004") ? " (an appended ZIP archive)" : "")));
    }

    /**
     * A font program is copied into the rebuild as it is, and every viewer and indexer decodes it
     * whole. Embedded fonts, even complete CJK ones, decode to a few tens of MB; one past 64 MB is
     * a decompression bomb (a few hundred KB that inflate to gigabytes), so the file is refused.
     */
    private static void refuseFontBomb(COSDictionary dictionary) {
        for (COSName key : FONT_PROGRAMS) {
            if (dictionary.getDictionaryObject(key) instanceof COSStream program
                    && decodedSizeExceeds(program, MAX_FONT_PROGRAM_BYTES)) {
                throw new CosWalker.PdfTooComplexException("embedded font program (/" + key.getName()
                        + ") decodes to more than " + (MAX_FONT_PROGRAM_BYTES >> 20) + " MB");
            }
        }
    }

    private static boolean decodedSizeExceeds(COSStream stream, long limit) {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = stream.createInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    return true;
                }
            }
        } catch (IOException e) {
            // Damaged fonts are common in real PDFs and viewers fall back to another font; the
            // bytes that did decode were under the limit, so this is no bomb.
            return false;
        }
        return false;
    }

    private static void strip(COSDictionary dictionary, List<Removal> removals) {
        if (dictionary.containsKey(JS)) {
            dictionary.removeItem(JS);
            removals.add(new Removal("javascript", "/JS"));
        }
        if (dictionary.containsKey(COSName.AA)) {
            dictionary.removeItem(COSName.AA);
            removals.add(new Removal("action", "additional actions (/AA)"));
        }
        for (COSName key : new ArrayList<>(dictionary.keySet())) {
            COSBase value = dictionary.getDictionaryObject(key);
            if (value instanceof COSDictionary action) {
                String dangerous = PdfRules.dangerousAction(action);
                if (!dangerous.isEmpty()) {
                    dictionary.removeItem(key);
                    removals.add(
                            new Removal(PdfRules.kindOf(dangerous), "/" + dangerous + " action in /" + key.getName()));
                }
            } else if (value instanceof COSArray array && key.equals(COSName.NEXT)) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    if (array.getObject(i) instanceof COSDictionary next
                            && !PdfRules.dangerousAction(next).isEmpty()) {
                        array.remove(i);
                        removals.add(new Removal("action", "chained /Next action"));
                    }
                }
            }
        }
        if (dictionary.containsKey(JAVASCRIPT) && dictionary.getDictionaryObject(JAVASCRIPT) instanceof COSDictionary) {
            // The document-level /Names /JavaScript tree.
            dictionary.removeItem(JAVASCRIPT);
            removals.add(new Removal("javascript", "document JavaScript (/Names /JavaScript)"));
        }
    }

    private static void dropEmbeddedFilesAndXfa(PDDocument doc, List<Removal> removals) {
        COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
        if (catalog.getDictionaryObject(COSName.NAMES) instanceof COSDictionary names
                && names.containsKey(EMBEDDED_FILES)) {
            names.removeItem(EMBEDDED_FILES);
            removals.add(new Removal("embedded-file", "/EmbeddedFiles"));
        }
        if (catalog.getDictionaryObject(COSName.ACRO_FORM) instanceof COSDictionary form && form.containsKey(XFA)) {
            form.removeItem(XFA);
            removals.add(new Removal("xfa", "XFA form"));
        }
        if (catalog.containsKey(COSName.getPDFName("Collection"))) {
            catalog.removeItem(COSName.getPDFName("Collection"));
            removals.add(new Removal("embedded-file", "portfolio (/Collection)"));
        }
    }

    private static void dropMediaAnnotations(PDDocument doc, List<Removal> removals) {
        for (var page : doc.getPages()) {
            if (!(page.getCOSObject().getDictionaryObject(COSName.ANNOTS) instanceof COSArray annots)) {
                continue;
            }
            for (int i = annots.size() - 1; i >= 0; i--) {
                if (annots.getObject(i) instanceof COSDictionary annot) {
                    COSName subtype = annot.getCOSName(COSName.SUBTYPE);
                    if (subtype != null && PdfRules.DANGEROUS_ANNOTATIONS.contains(subtype.getName())) {
                        annots.remove(i);
                        removals.add(new Removal(
                                subtype.getName().equals("FileAttachment") ? "embedded-file" : "media",
                                "/" + subtype.getName() + " annotation"));
                    }
                }
            }
        }
    }
}
