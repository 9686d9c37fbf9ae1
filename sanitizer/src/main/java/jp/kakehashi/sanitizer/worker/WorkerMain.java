package jp.kakehashi.sanitizer.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import jp.kakehashi.sanitizer.DecryptResult;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.DisarmOptions;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.Password;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.TextResult;

/**
 * A sanitizer worker process: reads the configuration, then serves requests until its input
 * closes. Started by the appliance with a capped heap and {@code -XX:+ExitOnOutOfMemoryError},
 * so a file that exhausts memory ends this process, not the daemon.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) throws IOException {
        // Standard output carries the protocol; anything a library prints goes to the log instead.
        DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        Sanitizer sanitizer = Sanitizer.create(WorkerProtocol.readConfig(in));
        // Start-up (JVM, Tika's registry) is not charged to the first file's time budget.
        out.writeByte(WorkerProtocol.READY);
        out.flush();
        while (true) {
            byte op;
            try {
                op = in.readByte();
            } catch (EOFException e) {
                return;
            }
            serve(op, in, out, sanitizer);
            out.flush();
        }
    }

    private static void serve(byte op, DataInputStream in, DataOutputStream out, Sanitizer sanitizer)
            throws IOException {
        switch (op) {
            case WorkerProtocol.DETECT -> {
                Path file = Path.of(WorkerProtocol.readString(in));
                String name = WorkerProtocol.readString(in);
                try {
                    Detection d = sanitizer.detect(file, name);
                    out.writeByte(WorkerProtocol.DETECTED);
                    WorkerProtocol.writeDetection(out, d);
                } catch (RuntimeException e) {
                    failed(out, e);
                }
            }
            case WorkerProtocol.DISARM -> {
                Path file = Path.of(WorkerProtocol.readString(in));
                Detection d = WorkerProtocol.readDetection(in);
                Path workDir = Path.of(WorkerProtocol.readString(in));
                DisarmOptions options = WorkerProtocol.readOptions(in);
                try {
                    WorkerProtocol.writeResult(out, sanitizer.disarm(file, d, workDir, options));
                } catch (RuntimeException e) {
                    failed(out, e);
                }
            }
            case WorkerProtocol.EXTRACT -> {
                Path file = Path.of(WorkerProtocol.readString(in));
                String mediaType = WorkerProtocol.readString(in);
                switch (sanitizer.readText(file, mediaType)) {
                    case TextResult.Read r -> {
                        out.writeByte(WorkerProtocol.TEXT);
                        WorkerProtocol.writeString(out, r.text());
                    }
                    case TextResult.Unreadable u -> {
                        out.writeByte(WorkerProtocol.UNREADABLE);
                        WorkerProtocol.writeString(out, u.why());
                    }
                }
            }
            case WorkerProtocol.DECRYPT -> {
                Path file = Path.of(WorkerProtocol.readString(in));
                Detection d = WorkerProtocol.readDetection(in);
                try (Password password =
                        new Password(WorkerProtocol.readString(in).toCharArray())) {
                    Path workDir = Path.of(WorkerProtocol.readString(in));
                    switch (sanitizer.decrypt(file, d, password, workDir)) {
                        case DecryptResult.Decrypted p -> {
                            out.writeByte(WorkerProtocol.DECRYPTED);
                            WorkerProtocol.writeString(out, p.output().toString());
                        }
                        case DecryptResult.NotEncrypted n -> out.writeByte(WorkerProtocol.NOT_ENCRYPTED);
                        case DecryptResult.Refused r ->
                            WorkerProtocol.writeResult(out, new DisarmResult.Refused(r.reason()));
                    }
                }
            }
            default -> throw new IOException("unknown request " + op + "; the worker stops");
        }
    }

    /** Infrastructure trouble (the work directory): the parent reports it; the worker goes on. */
    private static void failed(DataOutputStream out, RuntimeException e) throws IOException {
        out.writeByte(WorkerProtocol.FAILED);
        WorkerProtocol.writeString(out, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
