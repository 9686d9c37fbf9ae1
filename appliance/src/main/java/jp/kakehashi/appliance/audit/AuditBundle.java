package jp.kakehashi.appliance.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes the log, its checkpoints and the public key into one ZIP an auditor verifies offline. */
public final class AuditBundle {
    private AuditBundle() {}

    public static void export(Path auditDir, Path bundle) throws IOException {
        Path tmp = bundle.resolveSibling(bundle.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : List.of(AuditLog.LOG, AuditLog.CHECKPOINTS, AuditLog.PUBLIC_KEY)) {
                Path file = auditDir.resolve(name);
                if (Files.exists(file)) {
                    zip.putNextEntry(new ZipEntry(name));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        }
        Files.move(
                tmp,
                bundle,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
