package jp.kakehashi.appliance;

import java.nio.file.Path;
import jp.kakehashi.appliance.config.ApplianceConfig;

/** Opens the package-private test helpers to tests in other packages. */
public final class CliSupport {
    private CliSupport() {}

    /** A running test clamd. */
    public static final class Clamd implements AutoCloseable {
        private final jp.kakehashi.appliance.Clamd clamd;

        Clamd(jp.kakehashi.appliance.Clamd clamd) {
            this.clamd = clamd;
        }

        public String address() {
            return clamd.tcpAddress();
        }

        @Override
        public void close() throws Exception {
            clamd.close();
        }
    }

    public static Clamd clamd(Path dir) throws Exception {
        return new Clamd(jp.kakehashi.appliance.Clamd.start(dir, 1L << 26));
    }

    public static byte[] eicar() {
        return jp.kakehashi.appliance.Clamd.eicar();
    }

    public static byte[] docm(String text) throws java.io.IOException {
        return Specimens.docm(text);
    }

    /** A ZIP holding one member. */
    public static byte[] zip(String name, byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    public static ApplianceConfig config(Path data, String clamd) {
        return ApplianceHarness.config(data, clamd);
    }
}
