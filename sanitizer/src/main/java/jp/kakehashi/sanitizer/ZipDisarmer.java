package jp.kakehashi.sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * ZIP archives: every member is disarmed like a file of its own (through the sanitizer, one level
 * deeper) and written into a fresh ZIP with UTF-8 names and the UTF-8 flag. Names are read by
 * evidence ({@link ZipNames}: the flag, valid UTF-8 as macOS writes it, CP932 as Windows Explorer
 * writes it), so the report shows real Japanese names rather than mojibake and no name fails the
 * archive.
 *
 * <p>Anything ambiguous refuses the whole archive before a byte is expanded: unsafe or duplicate
 * names, symbolic links, entries whose data overlap (the non-recursive bomb), too many entries or
 * too deep nesting. While expanding, size and ratio limits stop a bomb early. An encrypted
 * member cannot be inspected, so the archive is quarantined with that reason. A member the
 * sanitizer refuses for its own type (an executable, an unknown or broken file) is left out and
 * listed in the report; a member that would be quarantined, or that is itself a bomb or too deep,
 * refuses the archive.
 */
final class ZipDisarmer implements Disarmer {
    @Override
    public boolean container() {
        return true;
    }

    @Override
    public boolean handles(String mediaType) {
        return mediaType.equals("application/zip");
    }

    @Override
    public DisarmResult disarm(Path input, Detection detection, Path output, DisarmContext context) throws IOException {
        ArchiveLimits limits = context.archives();
        if (context.tooDeepFor(limits.maxDepth())) {
            return refused(
                    ReasonCode.ARCHIVE_TOO_DEEP, "more than " + limits.maxDepth() + " archives inside each other");
        }
        Path members = Files.createTempDirectory(context.workDir(), "zip-");
        try (ZipFile zip = ZipFile.builder()
                .setFile(input.toFile())
                .setCharset(ZipNames.RAW)
                .setUseUnicodeExtraFields(true)
                .get()) {
            List<Named> entries = Collections.list(zip.getEntries()).stream()
                    .map(e -> new Named(e, ZipNames.of(e).text()))
                    .toList();
            Optional<DisarmResult> structural = checkStructure(entries, limits);
            if (structural.isPresent()) {
                return structural.get();
            }
            return rebuild(zip, entries, members, output, context);
        } catch (IOException | RuntimeException e) {
            // commons-compress refuses what it cannot read: truncated, bad central directory, zip64 lies.
            return refused(ReasonCode.MALFORMED, "ZIP: " + e.getClass().getSimpleName());
        } finally {
            deleteTree(members);
        }
    }

    /** An entry with its name as {@link ZipNames} read it. */
    private record Named(ZipArchiveEntry entry, String name) {}

    private Optional<DisarmResult> checkStructure(List<Named> named, ArchiveLimits limits) {
        List<ZipArchiveEntry> entries = named.stream().map(Named::entry).toList();
        if (entries.size() > limits.maxEntries()) {
            return Optional.of(refused(ReasonCode.ARCHIVE_LIMIT, "more than " + limits.maxEntries() + " entries"));
        }
        Set<String> seen = new HashSet<>();
        long declared = 0;
        for (Named n : named) {
            ZipArchiveEntry e = n.entry();
            String name = n.name();
            if (e.getGeneralPurposeBit().usesEncryption()
                    || e.getGeneralPurposeBit().usesStrongEncryption()) {
                return Optional.of(
                        refused(ReasonCode.ENCRYPTED_CONTENT, "password-protected member " + Escape.forReport(name)));
            }
            if (e.isUnixSymlink()) {
                return Optional.of(refused(ReasonCode.UNSAFE_ENTRY_NAME, "symbolic link " + Escape.forReport(name)));
            }
            String trimmed = e.isDirectory() && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            Optional<String> problem = PartNames.problem(trimmed);
            if (problem.isPresent()) {
                return Optional.of(
                        refused(ReasonCode.UNSAFE_ENTRY_NAME, problem.get() + ": " + Escape.forReport(name)));
            }
            String key = Normalizer.normalize(trimmed, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                return Optional.of(refused(ReasonCode.MALFORMED, "two entries named " + Escape.forReport(name)));
            }
            declared += Math.max(0, e.getSize());
            if (declared > limits.maxExpandedBytes()) {
                return Optional.of(
                        refused(ReasonCode.ARCHIVE_LIMIT, "expands beyond " + limits.maxExpandedBytes() + " bytes"));
            }
        }
        // Each entry's data must lie in its own span: overlapping spans are how non-recursive bombs reuse one payload.
        List<ZipArchiveEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            ZipArchiveEntry previous = byOffset.get(i - 1);
            long previousEnd = previous.getDataOffset() + Math.max(0, previous.getCompressedSize());
            if (byOffset.get(i).getLocalHeaderOffset() < previousEnd) {
                return Optional.of(refused(
                        ReasonCode.MALFORMED,
                        "overlapping entries "
                                + Escape.forReport(ZipNames.of(previous).text()) + " and "
                                + Escape.forReport(ZipNames.of(byOffset.get(i)).text())));
            }
        }
        return Optional.empty();
    }

    private DisarmResult rebuild(ZipFile zip, List<Named> entries, Path members, Path output, DisarmContext context)
            throws IOException {
        ArchiveLimits limits = context.archives();
        List<Removal> removals = new ArrayList<>();
        Map<String, Path> kept = new java.util.LinkedHashMap<>();
        Map<String, Integer> names = new HashMap<>();
        long expanded = 0;
        int index = 0;
        byte[] buffer = new byte[64 * 1024];
        for (Named named : entries) {
            ZipArchiveEntry e = named.entry();
            if (e.isDirectory()) {
                continue;
            }
            String name = Normalizer.normalize(named.name(), Normalizer.Form.NFC);
            if (systemMetadata(name)) {
                // Finder's resource forks and folder views, Explorer's thumbnails: no content of the sender's.
                removals.add(new Removal("os-metadata", Escape.forReport(name)));
                continue;
            }
            Path member = members.resolve("m" + index++);
            long entryBytes = 0;
            try (InputStream in = zip.getInputStream(e);
                    OutputStream out = Files.newOutputStream(member)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    entryBytes += n;
                    expanded += n;
                    if (expanded > limits.maxExpandedBytes()) {
                        return refused(
                                ReasonCode.ARCHIVE_LIMIT, "expands beyond " + limits.maxExpandedBytes() + " bytes");
                    }
                    if (entryBytes > limits.ratioFloorBytes()
                            && entryBytes / Math.max(1, e.getCompressedSize()) > limits.maxRatio()) {
                        return refused(
                                ReasonCode.ARCHIVE_LIMIT,
                                Escape.forReport(name) + " expands more than " + limits.maxRatio() + "×");
                    }
                    out.write(buffer, 0, n);
                }
            }
            String leaf = name.substring(name.lastIndexOf('/') + 1);
            Path memberWork = Files.createDirectories(members.resolve("w" + index));
            DisarmResult result = context.nested().disarm(member, leaf, context.inside(memberWork));
            switch (Members.take(name, result, removals)) {
                case Members.Outcome.RefusesContainer r -> {
                    return new DisarmResult.Refused(r.reason());
                }
                case Members.Outcome.LeftOut l -> {
                    // listed in the report by Members.take
                }
                case Members.Outcome.Kept k -> {
                    String folder = name.substring(0, name.length() - leaf.length());
                    kept.put(
                            unique(folder + k.member().nameFor(leaf), names),
                            k.member().output());
                }
            }
        }
        if (kept.isEmpty()) {
            return refused(ReasonCode.TYPE_NOT_SUPPORTED, "no member of the archive can be passed on: " + removals);
        }
        try (OutputStream file = Files.newOutputStream(output);
                ZipOutputStream zipOut = new ZipOutputStream(file)) {
            for (Map.Entry<String, Path> k : kept.entrySet()) {
                ZipEntry entry = new ZipEntry(k.getKey());
                entry.setTime(315532800000L); // 1980-01-01: rebuilt archives do not leak the processing time
                zipOut.putNextEntry(entry);
                Files.copy(k.getValue(), zipOut);
                zipOut.closeEntry();
            }
        }
        return new DisarmResult.Disarmed(output, "application/zip", ".zip", Removal.merge(removals));
    }

    /** What macOS's Archive Utility and Windows Explorer add to an archive of their own accord. */
    static boolean systemMetadata(String name) {
        String leaf = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || leaf.equals(".DS_Store") || leaf.equalsIgnoreCase("Thumbs.db");
    }

    /** A second member that ends up with the same name (a.docm and a.docx) gets " (2)" before its extension. */
    private static String unique(String name, Map<String, Integer> names) {
        int n = names.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
        if (n == 1) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot > slash + 1 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
    }

    private static DisarmResult refused(ReasonCode code, String detail) {
        return new DisarmResult.Refused(Reason.of(code, detail));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
