package jp.kakehashi.appliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.policies.Zone;

/** {@code kakehashi up} as a child JVM with the given JVM options, on free loopback ports. */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENER =
            Pattern.compile("^\\s+(internet|lgwan|mynumber)\\s.*SFTP \\S+:(\\d+)\\s+portal https://[^/]+:(\\d+)/$");

    private final Process process;
    private final Map<Zone, Integer> ports;
    private final Map<Zone, Integer> httpsPorts;

    private DaemonProcess(Process process, Map<Zone, Integer> ports, Map<Zone, Integer> httpsPorts) {
        this.process = process;
        this.ports = ports;
        this.httpsPorts = httpsPorts;
    }

    /** Writes {@code dir/kakehashi.yaml}, creates a partner {@code acme-user} and staff {@code tanaka}, and starts the daemon. */
    static DaemonProcess start(Path dir, String clamd, List<String> jvmOptions) throws Exception {
        Path config = writeConfig(dir, clamd);
        Path key = dir.resolve("test-key.pub");
        java.nio.file.Files.writeString(key, ApplianceHarness.KEY_LINE + "\n");
        for (List<String> user : List.of(List.of("acme-user", "partner", "acme"), List.of("tanaka", "staff", "somu"))) {
            CliRunner.Run r = CliRunner.run(
                    ApplianceHarness.PASSWORD + "\n",
                    "user",
                    "add",
                    user.get(0),
                    "--role",
                    user.get(1),
                    "--org",
                    user.get(2),
                    "--password-stdin",
                    "--ssh-key",
                    key.toString(),
                    "--config",
                    config.toString());
            if (r.exit() != 0) {
                throw new IllegalStateException("user add failed: " + r.err());
            }
        }
        return launch(dir, jvmOptions);
    }

    /**
     * The data directory {@code kakehashi.yaml} names: {@code dir/data}, where a test may prepare
     * accounts in-process before the first {@link #launch}.
     */
    static Path dataDir(Path dir) {
        return dir.resolve("data");
    }

    /** Writes {@code dir/kakehashi.yaml}: every listener on a free loopback port, the data in {@link #dataDir}. */
    static Path writeConfig(Path dir, String clamd) throws IOException {
        Path config = dir.resolve("kakehashi.yaml");
        Files.writeString(config, """
                data-dir: data
                zones:
                  internet: {address: 127.0.0.1, sftp-port: 0, https-port: 0}
                  lgwan: {address: 127.0.0.1, sftp-port: 0, https-port: 0}
                  mynumber: {address: 127.0.0.1, sftp-port: 0, https-port: 0}
                scanner:
                  clamd: %s
                  stream-max-length: 1GB
                  timeout: 60s
                pipeline:
                  workers: 2
                """.formatted(clamd));
        return config;
    }

    /** Starts {@code kakehashi up} on the configuration {@link #writeConfig} wrote, and waits for its listeners. */
    static DaemonProcess launch(Path dir, List<String> jvmOptions) throws Exception {
        Path config = dir.resolve("kakehashi.yaml");
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Djdk.serialFilter=!*",
                "-cp",
                System.getProperty("java.class.path"),
                "jp.kakehashi.appliance.Main",
                "up",
                "--config",
                config.toString()));
        AtomicBoolean started = new AtomicBoolean();
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("daemon.err").toFile()))
                .start();
        // Whatever the daemon prints, a test must not wait for it forever: a line it no longer
        // recognises would otherwise hold the whole CI run until its own time limit.
        CompletableFuture.delayedExecutor(90, TimeUnit.SECONDS).execute(() -> {
            if (p.isAlive() && !started.get()) {
                p.destroyForcibly();
            }
        });
        Map<Zone, Integer> ports = new EnumMap<>(Zone.class);
        Map<Zone, Integer> httpsPorts = new EnumMap<>(Zone.class);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (ports.size() < 3 && (line = out.readLine()) != null) {
            Matcher m = LISTENER.matcher(line);
            if (m.matches()) {
                ports.put(Zone.parse(m.group(1)), Integer.parseInt(m.group(2)));
                httpsPorts.put(Zone.parse(m.group(1)), Integer.parseInt(m.group(3)));
            }
        }
        started.set(ports.size() == 3);
        if (ports.size() < 3) {
            p.destroyForcibly();
            throw new IllegalStateException("kakehashi up did not print its listeners within 90 s: "
                    + Files.readString(dir.resolve("daemon.err")));
        }
        return new DaemonProcess(p, ports, httpsPorts);
    }

    int port(Zone zone) {
        return ports.get(zone);
    }

    int httpsPort(Zone zone) {
        return httpsPorts.get(zone);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the daemon gets no chance to finish anything (a power cut short of the disk). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Peak resident set size so far, in KiB (Linux {@code VmHWM}). */
    long peakRssKib() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
