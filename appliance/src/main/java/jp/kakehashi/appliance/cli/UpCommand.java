package jp.kakehashi.appliance.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import jp.kakehashi.appliance.Appliance;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.segments.InterfaceCheck;
import jp.kakehashi.appliance.update.RunningMark;
import jp.kakehashi.policies.Zone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kakehashi up}: starts the appliance and runs until stopped (Ctrl+C or SIGTERM). */
@Command(
        name = "up",
        description = "Start the appliance (起動). Creates keys on first start and prints each zone's listener.")
final class UpCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--clamd", paramLabel = "ADDRESS", description = "clamd address, tcp://HOST:PORT or unix:PATH.")
    @org.jspecify.annotations.Nullable
    String clamd;

    @Override
    public Integer call() throws InterruptedException, IOException {
        ApplianceConfig config = data.load();
        if (clamd != null) {
            config = config.withClamd(clamd);
        }
        InterfaceCheck.require(config, InterfaceCheck.system());
        if (!InterfaceCheck.appliance(config)) {
            System.out.println("開発モード: セグメントのインタフェースが未設定です (zones.*.interface) / development mode:"
                    + " no segment interfaces configured, the zones are not apart on the wire");
        }
        Appliance appliance = Appliance.start(config, Clock.systemUTC(), new SecureRandom(), StageHook.NONE);
        Path mark = new DataDir(config.dataDir()).running();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            deleteQuietly(mark);
                            appliance.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        // Every listener is up: the updater waits for this to call a new version healthy.
        RunningMark.now().write(mark);
        System.out.println("架け橋 Kakehashi is running. データ / data: " + appliance.dataDir());
        for (Zone zone : Zone.values()) {
            String address = config.listener(zone).address();
            System.out.printf(
                    "  %-9s %-22s SFTP %s:%d   portal https://%s:%d/%n",
                    zone.word(),
                    zone.japaneseName(),
                    address,
                    appliance.sftpPort(zone),
                    address,
                    appliance.httpsPort(zone));
        }
        System.out.println("  clamd     " + config.clamd()
                + (appliance.clamd().ping() ? "  (reachable)" : "  (NOT reachable: files are held / 保留中)"));
        System.out.println("Stop with Ctrl+C. 停止するには Ctrl+C を押してください。");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale mark names a process that is gone; the updater checks that.
        }
    }
}
