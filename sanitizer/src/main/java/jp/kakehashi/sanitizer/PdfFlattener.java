package jp.kakehashi.sanitizer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * The flatten profile for PDF: every page rendered to an image and placed, at its original size,
 * on a page of a new PDF. Nothing of the original's structure survives, so nothing can act; the
 * text is no longer selectable. Pages are rendered at 150 dpi, and never more than
 * {@code maxPixelsPerPage} pixels each.
 */
final class PdfFlattener {
    private static final float DPI = 150f;

    private final int maxPages;
    private final long maxPixelsPerPage;

    PdfFlattener(int maxPages, long maxPixelsPerPage) {
        this.maxPages = maxPages;
        this.maxPixelsPerPage = maxPixelsPerPage;
    }

    DisarmResult flatten(Path input, Path output) throws IOException {
        try (PDDocument source = Loader.loadPDF(
                        new RandomAccessReadBufferedFile(input.toFile()),
                        "",
                        null,
                        null,
                        IOUtils.createTempFileOnlyStreamCache());
                PDDocument flat = new PDDocument()) {
            if (source.isEncrypted() && !source.getCurrentAccessPermission().isOwnerPermission()) {
                return new DisarmResult.Refused(
                        Reason.of(ReasonCode.ENCRYPTED_CONTENT, "PDF needs a password to open"));
            }
            int pages = source.getNumberOfPages();
            if (pages > maxPages) {
                return new DisarmResult.Refused(Reason.of(
                        ReasonCode.RESOURCE_LIMIT, pages + " pages is more than " + maxPages + " to flatten"));
            }
            PDFRenderer renderer = new PDFRenderer(source);
            for (int i = 0; i < pages; i++) {
                PDRectangle box = source.getPage(i).getCropBox();
                float scale = DPI / 72f;
                double pixels = (double) box.getWidth() * scale * box.getHeight() * scale;
                if (pixels > maxPixelsPerPage) {
                    scale *= (float) Math.sqrt(maxPixelsPerPage / pixels);
                }
                BufferedImage image = renderer.renderImage(i, scale, ImageType.RGB);
                PDPage page = new PDPage(new PDRectangle(box.getWidth(), box.getHeight()));
                flat.addPage(page);
                PDImageXObject picture = JPEGFactory.createFromImage(flat, image, 0.85f);
                try (PDPageContentStream content = new PDPageContentStream(flat, page)) {
                    content.drawImage(picture, 0, 0, box.getWidth(), box.getHeight());
                }
            }
            flat.save(output.toFile());
        }
        return new DisarmResult.Disarmed(
                output,
                "application/pdf",
                ".pdf",
                List.of(new Removal("flattened", "pages turned into images; text can no longer be selected")),
                Profile.FLATTEN);
    }
}
