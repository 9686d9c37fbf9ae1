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

    public static ApplianceConfig config(Path data, String clamd) {
        return ApplianceHarness.config(data, clamd);
    }
}
