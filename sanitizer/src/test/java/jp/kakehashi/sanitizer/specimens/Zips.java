package jp.kakehashi.sanitizer.specimens;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** ZIP packages as ordered maps of entry name to bytes, for building and patching specimens. */
public final class Zips {
    private Zips() {}

    /** Reads entries with UTF-8 names, or CP932 names (Windows Explorer) when they are not UTF-8. */
    public static Map<String, byte[]> read(byte[] zip) {
        try {
            return read(zip, StandardCharsets.UTF_8);
        } catch (UncheckedIOException e) {
            return read(zip, Charset.forName("windows-31j"));
        }
    }

    private static Map<String, byte[]> read(byte[] zip, Charset names) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), names)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public static byte[] write(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] of(String name, byte[] content) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(name, content);
        return write(m);
    }

    /** Edits one text part of a package. */
    public static void edit(Map<String, byte[]> entries, String part, UnaryOperator<String> change) {
        byte[] old = entries.get(part);
        if (old == null) {
            throw new IllegalArgumentException("no part " + part + " in " + entries.keySet());
        }
        entries.put(part, change.apply(new String(old, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a relationship to a .rels part, creating the part if needed. */
    public static void addRelationship(
            Map<String, byte[]> entries, String relsPart, String id, String type, String target, boolean external) {
        String rel = "<Relationship Id=\"" + id + "\" Type=\"" + type + "\" Target=\"" + target + "\""
                + (external ? " TargetMode=\"External\"" : "") + "/>";
        if (!entries.containsKey(relsPart)) {
            entries.put(
                    relsPart,
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships"
                                    + " xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                    + "</Relationships>")
                            .getBytes(StandardCharsets.UTF_8));
        }
        edit(entries, relsPart, s -> s.replace("</Relationships>", rel + "</Relationships>"));
    }

    /** Declares a part's content type in {@code [Content_Types].xml}. */
    public static void addOverride(Map<String, byte[]> entries, String part, String contentType) {
        edit(
                entries,
                "[Content_Types].xml",
                s -> s.replace(
                        "</Types>",
                        "<Override PartName=\"/" + part + "\" ContentType=\"" + contentType + "\"/></Types>"));
    }
}
