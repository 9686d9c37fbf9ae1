package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Re-reads a disarmed file along its own path and says what is wrong with it, if anything: active
 * content that survived, or a file that no longer parses as its type. Nothing is published
 * without this check (DESIGN §7, "verify after transform").
 *
 * <p>Long because it holds one check per output format, each beside the others so that what every
 * format must not keep reads as one list.
 */
final class Verifier {
    /** The disarmer applied the pixel limits; the verifier reads what came out whatever its size. */
    private static final ImageLimits UNLIMITED = new ImageLimits(Long.MAX_VALUE, 1, Long.MAX_VALUE);

    private final int maxPdfObjects;

    Verifier(int maxPdfObjects) {
        this.maxPdfObjects = maxPdfObjects;
    }

    /** The first problem found in {@code output}, or empty when it is safe and well-formed. */
    Optional<String> problem(Path output, String mediaType) {
        try {
            if (mediaType.equals("application/pdf")) {
                return pdfProblem(output);
            }
            if (mediaType.startsWith("application/vnd.openxmlformats-officedocument.")) {
                return OoxmlVerifier.problem(output);
            }
            if (Odf.EXTENSIONS.containsKey(mediaType)) {
                return odfProblem(output, mediaType);
            }
            if (Ole2.EXTENSIONS.containsKey(mediaType)) {
                return ole2Problem(output, mediaType);
            }
            if (mediaType.equals(EmailDisarmer.MEDIA_TYPE)) {
                return emailProblem(output);
            }
            if (mediaType.equals(RtfDisarmer.MEDIA_TYPE)) {
                return rtfProblem(output);
            }
            if (mediaType.equals(SvgDisarmer.MEDIA_TYPE)) {
                return svgProblem(output);
            }
            if (HtmlDisarmer.MEDIA_TYPES.contains(mediaType)) {
                return htmlProblem(output);
            }
            if (mediaType.startsWith("text/")) {
                Optional<String> text = textProblem(output);
                return text.isPresent() ? text : formulaProblem(output, mediaType);
            }
            if (mediaType.equals("application/zip")) {
                return zipProblem(output);
            }
            if (mediaType.startsWith("image/")) {
                return imageProblem(output);
            }
            return Optional.of("no verifier for " + mediaType);
        } catch (IOException | RuntimeException e) {
            return Optional.of("unreadable output: " + e.getClass().getSimpleName());
        }
    }

    private Optional<String> pdfProblem(Path output) throws IOException {
        Optional<String> structure = PdfStructure.repairNeeded(output);
        if (structure.isPresent()) {
            return Optional.of("the rebuilt PDF does not read as written: " + structure.get());
        }
        try (PDDocument doc = Loader.loadPDF(
                new org.apache.pdfbox.io.RandomAccessReadBufferedFile(output.toFile()),
                "",
                null,
                null,
                IOUtils.createTempFileOnlyStreamCache())) {
            if (doc.isEncrypted()) {
                return Optional.of("PDF is still encrypted");
            }
            Set<String> found = new HashSet<>();
            CosWalker.walk(doc.getDocument().getTrailer(), maxPdfObjects, d -> inspect(d, found));
            return found.stream().sorted().findFirst().map(f -> "PDF still contains " + f);
        }
    }

    private static void inspect(COSDictionary d, Set<String> found) {
        for (String key : new String[] {"JS", "AA", "EmbeddedFiles", "XFA", "Collection"}) {
            if (d.containsKey(COSName.getPDFName(key))) {
                found.add("/" + key);
            }
        }
        if (d.getDictionaryObject(COSName.getPDFName("JavaScript")) instanceof COSDictionary) {
            found.add("/JavaScript");
        }
        String action = PdfRules.dangerousAction(d);
        if (!action.isEmpty()) {
            found.add("/" + action + " action");
        }
        COSName subtype = d.getCOSName(COSName.SUBTYPE);
        if (d.getCOSName(COSName.TYPE) != null
                && COSName.ANNOT.equals(d.getCOSName(COSName.TYPE))
                && subtype != null
                && PdfRules.DANGEROUS_ANNOTATIONS.contains(subtype.getName())) {
            found.add("/" + subtype.getName() + " annotation");
        }
    }

    /**
     * ODF by DOM over every XML part (not the disarmer's event filter): mimetype first and
     * stored, no code folders, no embedded binaries, no encryption, and no element, reference or
     * formula that runs or loads something.
     */
    private static Optional<String> odfProblem(Path output, String mediaType) throws IOException {
        try (ZipFile zip = new ZipFile(output.toFile())) {
            java.util.List<? extends ZipEntry> entries = Collections.list(zip.entries());
            if (entries.isEmpty()
                    || !entries.get(0).getName().equals(Odf.MIMETYPE_PART)
                    || entries.get(0).getMethod() != ZipEntry.STORED) {
                return Optional.of("mimetype is not the first, stored entry");
            }
            try (InputStream in = zip.getInputStream(entries.get(0))) {
                if (!new String(in.readAllBytes(), StandardCharsets.US_ASCII).equals(mediaType)) {
                    return Optional.of("mimetype does not say " + mediaType);
                }
            }
            for (ZipEntry e : entries) {
                String name = e.getName();
                if (Odf.activePart(name).isPresent()) {
                    return Optional.of("package still contains /" + name);
                }
                if (name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
                    Optional<String> p = odfXmlProblem(zip, e);
                    if (p.isPresent()) {
                        return p;
                    }
                } else if (!name.equals(Odf.MIMETYPE_PART)) {
                    try (InputStream in = zip.getInputStream(e)) {
                        if (Odf.isEmbeddedBinary(in.readNBytes(8))) {
                            return Optional.of("an embedded OLE object or archive remains at /" + name);
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (org.xml.sax.SAXException e) {
            return Optional.of("package XML does not parse");
        }
    }

    private static Optional<String> odfXmlProblem(ZipFile zip, ZipEntry entry)
            throws IOException, org.xml.sax.SAXException {
        Document doc = parse(zip, entry);
        String where = " in /" + entry.getName();
        if (doc.getElementsByTagNameNS(Odf.MANIFEST, "encryption-data").getLength() > 0) {
            return Optional.of("the package is still encrypted");
        }
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            String key = Odf.key(String.valueOf(e.getNamespaceURI()), e.getLocalName());
            if (Odf.DROPPED_ELEMENTS.containsKey(key) || Odf.UNWRAPPED_ELEMENTS.containsKey(key)) {
                return Optional.of("<" + e.getTagName() + "> remains" + where);
            }
            org.w3c.dom.NamedNodeMap attributes = e.getAttributes();
            for (int j = 0; j < attributes.getLength(); j++) {
                org.w3c.dom.Node a = attributes.item(j);
                String value = a.getNodeValue();
                if (Odf.XLINK.equals(a.getNamespaceURI())
                        && "href".equals(a.getLocalName())
                        && !Odf.allowedReference(value, Odf.HYPERLINKS.contains(key))) {
                    return Optional.of("<" + e.getTagName() + "> still refers to " + value + where);
                }
                if (Odf.TABLE.equals(a.getNamespaceURI())
                        && "formula".equals(a.getLocalName())
                        && Odf.FETCHING_FORMULA.matcher(value).find()) {
                    return Optional.of("a formula that fetches data remains" + where);
                }
                if (Odf.isMacroUrl(value)) {
                    return Optional.of("a macro binding remains" + where);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Legacy Office through POI's own document models (not the disarmer's record walk): no code,
     * object or encryption storage at any depth, the document parses as its type, and no DDE
     * field, macro sheet, auto-run name, outside link, embedded object or macro action remains.
     */
    private static Optional<String> ole2Problem(Path output, String mediaType) throws IOException {
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
                new org.apache.poi.poifs.filesystem.POIFSFileSystem(output.toFile(), true)) {
            Optional<String> storage = ole2Storage(fs.getRoot(), "");
            if (storage.isPresent()) {
                return storage;
            }
            return switch (mediaType) {
                case Ole2.WORD -> LegacyModels.wordProblem(fs);
                case Ole2.EXCEL -> LegacyModels.excelProblem(fs);
                default -> LegacyModels.powerPointProblem(fs);
            };
        } catch (org.apache.poi.EncryptedDocumentException e) {
            return Optional.of("the document is still encrypted");
        }
    }

    private static Optional<String> ole2Storage(org.apache.poi.poifs.filesystem.DirectoryEntry dir, String path) {
        for (org.apache.poi.poifs.filesystem.Entry e : dir) {
            String name = e.getName();
            if (Ole2.droppedStorage(name).isPresent()
                    || Ole2.isEncryptionMarker(name)
                    || name.equals("\u0001Ole10Native")) {
                return Optional.of("compound file still contains " + path + "/" + name);
            }
            if (e instanceof org.apache.poi.poifs.filesystem.DirectoryEntry sub) {
                Optional<String> inner = ole2Storage(sub, path + "/" + name);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** A package part parsed with the hardened parser. */
    static Document parse(ZipFile zip, ZipEntry entry) throws IOException, org.xml.sax.SAXException {
        try (InputStream in = zip.getInputStream(entry)) {
            return HardenedXml.documentBuilder().parse(in);
        }
    }

    /** A rebuilt archive with an unsafe, duplicate or encrypted entry, or one that does not read back. */
    private static Optional<String> zipProblem(Path output) throws IOException {
        try (ZipFile zip = new ZipFile(output.toFile(), java.nio.charset.StandardCharsets.UTF_8)) {
            Set<String> names = new HashSet<>();
            for (ZipEntry e : Collections.list(zip.entries())) {
                Optional<String> problem = PartNames.problem(e.getName());
                if (problem.isPresent()) {
                    return Optional.of("archive entry " + e.getName() + ": " + problem.get());
                }
                if (!names.add(e.getName().toLowerCase(Locale.ROOT))) {
                    return Optional.of("archive has two entries named " + e.getName());
                }
                try (InputStream in = zip.getInputStream(e)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return names.isEmpty() ? Optional.of("archive is empty") : Optional.empty();
        }
    }

    /**
     * An image that does not decode, or still carries metadata or appended data. JPEG and PNG are
     * judged by their structure: only whitelisted segments or chunks, image data that walks or
     * inflates exactly, nothing after the end. (Searching their compressed data for strings such
     * as {@code PK\3\4} would fail about one 5 MB photo in a thousand by chance.)
     */
    private static Optional<String> imageProblem(Path output) throws IOException {
        byte[] b = Files.readAllBytes(output);
        if (b.length > 1 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return jpegProblem(b);
        }
        if (LosslessPng.rebuild(b, UNLIMITED) instanceof LosslessPng.Rebuilt r) {
            return r.removals().isEmpty()
                    ? Optional.empty()
                    : Optional.of("image still contains " + r.removals().get(0).detail());
        }
        String latin = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String marker :
                new String[] {"Exif\0\0", "<x:xmpmeta", "http://ns.adobe.com/xap/", "PK\u0003\u0004", "<script"}) {
            if (latin.contains(marker)) {
                return Optional.of(
                        "image still contains " + marker.replace("\0", "").replace("\u0003\u0004", "\\3\\4"));
            }
        }
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(output.toFile());
        return image == null ? Optional.of("image does not decode") : Optional.empty();
    }

    /**
     * A JPEG must hold only what the lossless path keeps, so rebuilding it removes nothing; its
     * image data is walked code by code instead of being decoded to pixels (the disarmer already
     * applied the pixel limit).
     */
    private static Optional<String> jpegProblem(byte[] b) {
        return switch (LosslessJpeg.rebuild(b, UNLIMITED)) {
            case LosslessJpeg.Rebuilt r ->
                r.removals().isEmpty()
                        ? Optional.empty()
                        : Optional.of(
                                "image still contains " + r.removals().get(0).detail());
            case LosslessJpeg.NotLossless n ->
                Optional.of("the JPEG does not read as a Huffman-coded JPEG: " + n.why());
        };
    }

    /** A CSV/TSV whose cells would still run as formulas: the neutralising step did not happen. */
    private static Optional<String> formulaProblem(Path output, String mediaType) throws IOException {
        int delimiter = switch (mediaType) {
            case "text/csv" -> ',';
            case "text/tab-separated-values" -> '\t';
            default -> -1;
        };
        if (delimiter < 0) {
            return Optional.empty();
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(output))) {
            int left = CsvNeutralizer.neutralize(in::read, unit -> {}, delimiter);
            return left == 0 ? Optional.empty() : Optional.of(left + " spreadsheet formula cell(s) remain");
        }
    }

    private static Optional<String> textProblem(Path output) throws IOException {
        try (InputStream in = Files.newInputStream(output)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        return Optional.of("text contains NUL bytes");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static final Pattern RTF_ACTIVE = Pattern.compile(
            "\\\\(object|objdata|objautlink|objupdate|objlink|template|datastore)(?![a-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern RTF_FIELD = Pattern.compile(
            "\\\\fldinst[^}]{0,400}?\\b(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK)\\b",
            Pattern.CASE_INSENSITIVE);

    /** RTF by pattern over the raw bytes, not by the disarmer's tokenizer. */
    private static Optional<String> rtfProblem(Path output) throws IOException {
        String raw = new String(Files.readAllBytes(output), StandardCharsets.ISO_8859_1);
        if (!raw.startsWith("{\\rtf")) {
            return Optional.of("RTF does not start with {\\rtf");
        }
        Matcher m = RTF_ACTIVE.matcher(raw);
        if (m.find()) {
            return Optional.of("RTF still contains \\" + m.group(1));
        }
        Matcher f = RTF_FIELD.matcher(raw);
        if (f.find()) {
            return Optional.of("RTF still contains a " + f.group(1) + " field");
        }
        return Optional.empty();
    }

    /**
     * SVG by DOM (not the disarmer's StAX copy): no script, handler, foreign object or outside
     * reference, and no CSS that fetches or runs once its escapes are decoded.
     */
    private static Optional<String> svgProblem(Path output) throws IOException {
        org.w3c.dom.Document doc;
        try {
            doc = HardenedXml.documentBuilder().parse(output.toFile());
        } catch (org.xml.sax.SAXException e) {
            return Optional.of("SVG does not parse");
        }
        org.w3c.dom.NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) all.item(i);
            String name = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
            if (SvgDisarmer.ACTIVE.contains(name)) {
                return Optional.of("SVG still contains <" + name + ">");
            }
            if (name.equals("style") && CssText.active(e.getTextContent())) {
                return Optional.of("SVG still has a style sheet that fetches or runs");
            }
            org.w3c.dom.NamedNodeMap attributes = e.getAttributes();
            for (int j = 0; j < attributes.getLength(); j++) {
                org.w3c.dom.Node a = attributes.item(j);
                String attr = a.getLocalName() == null ? a.getNodeName() : a.getLocalName();
                String value = a.getNodeValue().strip().toLowerCase(java.util.Locale.ROOT);
                if (attr.toLowerCase(java.util.Locale.ROOT).startsWith("on")) {
                    return Optional.of("SVG still has an event handler " + attr);
                }
                if (attr.equals("href") && !value.startsWith("#") && !value.startsWith("data:image/")) {
                    return Optional.of("SVG still links outside the file");
                }
                if (value.contains("javascript:")) {
                    return Optional.of("SVG still has a javascript: value");
                }
                if (!attr.equals("href") && CssText.active(a.getNodeValue())) {
                    return Optional.of("SVG still has a value that fetches or runs (" + attr + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * E-mail through mime4j's streaming parser (the disarmer builds a DOM): every part parses, no
     * attachment is named like a program, no HTML part has active content, and nothing is
     * encrypted or signed-and-wrapped where it could not be read.
     */
    private static Optional<String> emailProblem(Path output) throws IOException {
        List<String> problems = new ArrayList<>();
        org.apache.james.mime4j.parser.MimeStreamParser parser =
                new org.apache.james.mime4j.parser.MimeStreamParser(org.apache.james.mime4j.stream.MimeConfig.custom()
                        .setMaxLineLen(100_000)
                        .setMaxHeaderLen(100_000)
                        .build());
        parser.setContentDecoding(true);
        parser.setContentHandler(new org.apache.james.mime4j.parser.AbstractContentHandler() {
            @Override
            public void field(org.apache.james.mime4j.stream.Field field) {
                String name = field.getName().toLowerCase(Locale.ROOT);
                String body = field.getBody();
                Matcher file = FILE_NAME.matcher(body);
                if ((name.equals("content-disposition") || name.equals("content-type"))
                        && file.find()
                        && UnsupportedTypes.isExecutableName(
                                org.apache.james.mime4j.codec.DecoderUtil.decodeEncodedWords(
                                        file.group(1), org.apache.james.mime4j.codec.DecodeMonitor.SILENT))) {
                    problems.add("an attachment named like a program remains: " + file.group(1));
                }
                if (name.equals("content-type") && body.toLowerCase(Locale.ROOT).contains("pkcs7-mime")) {
                    problems.add("an encrypted S/MIME part remains");
                }
            }

            @Override
            public void body(org.apache.james.mime4j.stream.BodyDescriptor descriptor, InputStream in)
                    throws IOException {
                if (descriptor.getMimeType().equalsIgnoreCase("text/html")) {
                    String html = new String(in.readNBytes(16 << 20), StandardCharsets.ISO_8859_1);
                    Matcher m = HTML_ACTIVE.matcher(html);
                    if (m.find()) {
                        problems.add("an HTML part still contains " + m.group().strip());
                    }
                }
            }
        });
        try (InputStream in = Files.newInputStream(output)) {
            parser.parse(in);
        } catch (org.apache.james.mime4j.MimeException e) {
            return Optional.of("e-mail does not parse");
        }
        return problems.stream().findFirst();
    }

    private static final Pattern FILE_NAME = Pattern.compile("name\\*?=\\s*\"?([^\";]+)", Pattern.CASE_INSENSITIVE);

    private static final Pattern HTML_ACTIVE = Pattern.compile(
            "<\\s*(script|iframe|frame|object|embed|applet|form|base|link)\\b|<[^>]*\\son[a-z]+\\s*=|javascript:|vbscript:"
                    + "|http-equiv\\s*=\\s*[\"']?refresh",
            Pattern.CASE_INSENSITIVE);

    private static Optional<String> htmlProblem(Path output) throws IOException {
        String html = new String(Files.readAllBytes(output), StandardCharsets.ISO_8859_1);
        Matcher m = HTML_ACTIVE.matcher(html);
        return m.find() ? Optional.of("HTML still contains " + m.group().strip()) : Optional.empty();
    }
}
