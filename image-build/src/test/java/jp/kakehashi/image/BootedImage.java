package jp.kakehashi.image;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The image started as the appliance, without systemd as PID 1 (it cannot be here): its root
 * filesystem read-only as its root, the data volume, {@code /run}, {@code /tmp} and {@code /var/log}
 * writable, in a network namespace of its own with one veth interface per segment. Each segment
 * has a client namespace on the other end of its cable, with routes towards the other segments'
 * addresses through the appliance, so only the firewall stops a client from reaching them.
 *
 * <p>Units are started from their unit files ({@link UnitFile}): the same commands, users,
 * capabilities and private network as on the appliance.
 */
final class BootedImage implements AutoCloseable {
    /** One segment's cable: the appliance's interface and address, and its client's. */
    record Segment(String zone, String nic, String appAddress, String clientAddress, String subnet) {}

    static final List<Segment> SEGMENTS = List.of(
            new Segment("internet", "kh-int0", "192.0.2.10", "192.0.2.20", "192.0.2.0/24"),
            new Segment("lgwan", "kh-lg0", "198.51.100.10", "198.51.100.20", "198.51.100.0/24"),
            new Segment("mynumber", "kh-my0", "203.0.113.10", "203.0.113.20", "203.0.113.0/24"));

    final Image image;
    final Path volume;
    final String appNs;
    private final String tag;
    private final Process holder;
    private final List<Process> started = new ArrayList<>();

    private BootedImage(Image image, Path volume, String tag, Process holder) {
        this.image = image;
        this.volume = volume;
        this.tag = tag;
        this.appNs = "kh-app-" + tag;
        this.holder = holder;
    }

    String clientNs(String zone) {
        return "kh-" + zone.substring(0, 3) + "-" + tag;
    }

    static Segment segment(String zone) {
        return SEGMENTS.stream().filter(s -> s.zone().equals(zone)).findFirst().orElseThrow();
    }

    /** Wires the namespaces and mounts the image's root over the data volume; starts no unit. */
    static BootedImage boot(Image image, Path volume) throws IOException {
        String tag = HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextInt())
                .substring(0, 6);
        String app = "kh-app-" + tag;
        Cmd.ok("ip", "netns", "add", app);
        Cmd.ok("ip", "-n", app, "link", "set", "lo", "up");
        for (Segment s : SEGMENTS) {
            String client = "kh-" + s.zone().substring(0, 3) + "-" + tag;
            Cmd.ok("ip", "netns", "add", client);
            Cmd.ok("ip", "link", "add", s.nic(), "netns", app, "type", "veth", "peer", "name", "seg0", "netns", client);
            Cmd.ok("ip", "-n", app, "addr", "add", s.appAddress() + "/24", "dev", s.nic());
            Cmd.ok("ip", "-n", app, "link", "set", s.nic(), "up");
            Cmd.ok("ip", "-n", client, "addr", "add", s.clientAddress() + "/24", "dev", "seg0");
            Cmd.ok("ip", "-n", client, "link", "set", "seg0", "up");
            Cmd.ok("ip", "-n", client, "link", "set", "lo", "up");
            for (Segment other : SEGMENTS) {
                if (other != s) {
                    // A client that tries: packets for the other segments go to the appliance.
                    Cmd.ok("ip", "-n", client, "route", "add", other.subnet(), "via", s.appAddress());
                }
            }
        }
        Path r = image.root;
        String script = String.join(
                " && ",
                "mount --bind " + r + " " + r,
                "mount --bind " + volume + " " + r + "/var/lib/kakehashi",
                "mount -t tmpfs -o mode=0755 tmpfs " + r + "/run",
                "mount -t tmpfs -o mode=1777 tmpfs " + r + "/tmp",
                "mount -t tmpfs -o mode=0755 tmpfs " + r + "/var/log",
                "mount -t proc proc " + r + "/proc",
                "mount -t sysfs sysfs " + r + "/sys",
                "mount --rbind /dev " + r + "/dev",
                // Read-only, like the squashfs root on the appliance; the mounts above stay writable.
                "mount -o remount,bind,ro " + r,
                // pivot_root, not chroot: a chrooted process may not make the user namespace the
                // sanitizer workers' private network needs.
                "cd " + r,
                "pivot_root . .",
                "umount -l .",
                "cd /",
                "echo ready",
                "exec sleep 3600");
        Process holder = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        app,
                        "unshare",
                        "--mount",
                        "--propagation",
                        "private",
                        "--",
                        "sh",
                        "-c",
                        script)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            holder.destroyForcibly();
            throw new IllegalStateException("could not mount the image: " + line);
        }
        BootedImage booted = new BootedImage(image, volume, tag, holder);
        booted.sh("mkdir -p /var/log/clamav /run/clamav && chown clamav:clamav /var/log/clamav /run/clamav");
        // What systemd-tmpfiles-setup.service does at boot: the releases folder on the data volume
        // and the link to the image's own release that /opt/kakehashi/current goes through.
        booted.sh("systemd-tmpfiles --create /usr/lib/tmpfiles.d/kakehashi.conf");
        return booted;
    }

    /** A command inside the appliance (its root, its network), as root. */
    List<String> inside(List<String> command) {
        return Cmd.concat(
                List.of("nsenter", "--target", String.valueOf(holder.pid()), "--mount", "--net", "--"), command);
    }

    String sh(String script) {
        return Cmd.ok(inside(List.of("/bin/sh", "-c", script)).toArray(String[]::new));
    }

    /** A command in a segment's client namespace, on this machine's root filesystem. */
    List<String> inClient(String zone, List<String> command) {
        return Cmd.concat(List.of("ip", "netns", "exec", clientNs(zone)), command);
    }

    /**
     * Starts a unit as systemd would: {@code ExecStartPre=} then {@code ExecStart=} lines, as the
     * unit's user, with its capabilities, {@code NoNewPrivileges=} and {@code PrivateNetwork=}.
     * A oneshot unit runs to its end; a service's last command is returned running.
     */
    Process start(String unitName, Path log) throws IOException, InterruptedException {
        UnitFile unit = UnitFile.read(image.root, unitName);
        sh(directories(unit));
        for (String line : unit.all("ExecStartPre")) {
            exec(unit, line, log).waitFor();
        }
        List<String> main = unit.all("ExecStart");
        boolean oneshot = unit.last("Type").orElse("simple").equals("oneshot");
        Process last = null;
        for (int i = 0; i < main.size(); i++) {
            Process p = exec(unit, main.get(i), log);
            if (oneshot || i < main.size() - 1) {
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(
                            unitName + ": " + main.get(i) + " failed:\n" + Files.readString(log));
                }
            } else {
                last = p;
            }
        }
        if (last != null) {
            started.add(last);
        }
        return last;
    }

    private Process exec(UnitFile unit, String line, Path log) throws IOException {
        String dir = unit.last("WorkingDirectory").orElse("/");
        List<String> full =
                inside(Cmd.concat(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir), words(unit, line)));
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        p.getOutputStream().close();
        return p;
    }

    /**
     * A shell line, run inside the appliance, that starts the unit's main command in the background
     * as {@link #start} would and writes its process id to {@code pidFile}: the stand-in for
     * {@code systemctl start} where there is no systemd to call.
     */
    String startLine(String unitName, String logFile, String pidFile) throws IOException {
        UnitFile unit = UnitFile.read(image.root, unitName);
        String dir = unit.last("WorkingDirectory").orElse("/");
        String command = words(unit, unit.all("ExecStart").getLast()).stream()
                .map(w -> "'" + w.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
        return directories(unit) + " && cd " + dir + " && { " + command + " >>" + logFile
                + " 2>&1 </dev/null & echo $! >" + pidFile + "; }";
    }

    /** The shell line that makes the unit's runtime and state directories, as systemd does before starting it. */
    private static String directories(UnitFile unit) {
        StringBuilder line = new StringBuilder("true");
        for (String dir : unit.all("RuntimeDirectory")) {
            line.append(" && mkdir -p /run/" + dir + " && chmod "
                    + unit.last("RuntimeDirectoryMode").orElse("0755") + " /run/" + dir);
        }
        String user = unit.last("User").orElse("root");
        for (String dir : unit.all("StateDirectory")) {
            line.append(
                    " && install -d -o " + user + " -g " + unit.last("Group").orElse(user) + " -m "
                            + unit.last("StateDirectoryMode").orElse("0755") + " /var/lib/" + dir);
        }
        return line.toString();
    }

    /** The words that run one of the unit's command lines: its user, capabilities and network. */
    private static List<String> words(UnitFile unit, String line) {
        String command = line;
        boolean privileged = false;
        while (!command.isEmpty() && "-+!@:".indexOf(command.charAt(0)) >= 0) {
            privileged |= command.charAt(0) == '+' || command.charAt(0) == '!';
            command = command.substring(1);
        }
        List<String> words = new ArrayList<>();
        if (unit.yes("PrivateNetwork")) {
            words.addAll(List.of("unshare", "--net", "--"));
        }
        String user = unit.last("User").orElse("root");
        if (!privileged && !user.equals("root")) {
            words.addAll(List.of(
                    "setpriv",
                    "--reuid=" + user,
                    "--regid=" + unit.last("Group").orElse(user),
                    "--init-groups"));
            if (unit.yes("NoNewPrivileges")) {
                words.add("--no-new-privs");
            }
            List<String> caps = unit.all("AmbientCapabilities").stream()
                    .flatMap(c -> UnitFile.split(c).stream())
                    .map(c -> c.toLowerCase(Locale.ROOT).replace("cap_", ""))
                    .toList();
            String plus = caps.stream().map(c -> ",+" + c).reduce("", String::concat);
            words.add("--bounding-set=-all" + plus);
            words.add("--inh-caps=-all" + plus);
            if (!caps.isEmpty()) {
                words.add("--ambient-caps=" + plus.substring(1));
            }
            words.add("--");
        }
        words.addAll(UnitFile.split(command));
        return words;
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Whatever still runs in the appliance's network (clamd, a worker) ends with it.
        Cmd.run(List.of("ip", "netns", "pids", appNs), 10)
                .output()
                .lines()
                .forEach(pid -> Cmd.run(List.of("kill", "-9", pid.strip()), 10));
        holder.descendants().forEach(ProcessHandle::destroyForcibly);
        holder.destroyForcibly();
        Cmd.run(List.of("ip", "netns", "delete", appNs), 10);
        for (Segment s : SEGMENTS) {
            Cmd.run(List.of("ip", "netns", "delete", clientNs(s.zone())), 10);
        }
    }
}
