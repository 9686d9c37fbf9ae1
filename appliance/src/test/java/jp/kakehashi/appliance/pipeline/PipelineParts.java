package jp.kakehashi.appliance.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** What tests of the pipeline's stages and runner share: a world without shared folders, and small specimens. */
public final class PipelineParts {
    private PipelineParts() {}

    /** No shared folders: every item is a delivery. */
    public static FolderDirectory noFolders() {
        return new FolderDirectory() {
            @Override
            public Set<String> partnerOrganisations(long folder) {
                return Set.of();
            }

            @Override
            public String name(long folder) {
                return "";
            }
        };
    }

    /** A ZIP of {@code members} short Japanese text files (名簿1.txt ...). */
    public static byte[] zipOfTexts(int members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 1; i <= members; i++) {
                zip.putNextEntry(new ZipEntry("名簿" + i + ".txt"));
                zip.write(("会員名簿 " + i + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
