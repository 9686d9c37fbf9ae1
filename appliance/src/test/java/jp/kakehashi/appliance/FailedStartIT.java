package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part that cannot start (here the My Number portal's port, already taken) fails the start with
 * the reason, and everything started before it is closed again: no listener left bound, no
 * pipeline or job thread left running, the data free for the next start. Before, the SFTP
 * listeners and the pipeline kept running in a process whose start had failed.
 */
class FailedStartIT {
    private static final Set<String> JOB_THREADS = Set.of("housekeeping", "backup", "original-release");

    @TempDir
    Path tmp;

    @Test
    void aPortAlreadyTakenFailsTheStartAndLeavesNothingRunning() throws Exception {
        Map<Zone, ApplianceConfig.Listener> listeners = new EnumMap<>(Zone.class);
        List<Integer> ours = new ArrayList<>();
        for (Zone z : Zone.values()) {
            int sftp = freePort();
            int https = freePort();
            listeners.put(z, new ApplianceConfig.Listener("127.0.0.1", sftp, https));
            ours.add(sftp);
            if (z != Zone.MYNUMBER) {
                ours.add(https);
            }
        }
        ApplianceConfig base = ApplianceHarness.config(tmp.resolve("data"), "tcp://127.0.0.1:9");
        ApplianceConfig config = new ApplianceConfig(
                base.dataDir(),
                listeners,
                base.clamd(),
                base.scanTimeout(),
                base.streamMaxLength(),
                base.workers(),
                base.sanitizerWorkers(),
                base.policyFile(),
                base.signIn());
        int taken = listeners.get(Zone.MYNUMBER).httpsPort();

        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
            assertThatThrownBy(() -> Appliance.start(config, Clock.systemUTC(), new SecureRandom(), StageHook.NONE))
                    .hasMessageContaining("mynumber")
                    .hasMessageContaining(String.valueOf(taken))
                    .hasMessageContaining("ポータルを起動できません");
            for (int port : ours) {
                assertThat(bindable(port)).as("port %d was let go", port).isTrue();
            }
            assertThat(Thread.getAllStackTraces().keySet().stream()
                            .filter(Thread::isAlive)
                            .map(Thread::getName)
                            .filter(JOB_THREADS::contains))
                    .as("no job thread outlives the failed start")
                    .isEmpty();
        }
        try (Appliance again = Appliance.start(config, Clock.systemUTC(), new SecureRandom(), StageHook.NONE)) {
            assertThat(again.sftpPort(Zone.INTERNET))
                    .isEqualTo(listeners.get(Zone.INTERNET).sftpPort());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
