package jp.kakehashi.appliance.update;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the appliance's console may ask of systemd: apply the network, firewall and service after
 * setup, reboot, power off, and show the state of the appliance's units. Fixed command lines only:
 * nothing typed at the console reaches a command line.
 */
public final class MachineControl {
    /** The units the console shows and setup's answers restart, in the order they depend on each other. */
    public static final List<String> UNITS = List.of(
            "systemd-networkd.service",
            "kakehashi-firewall.service",
            "clamav-daemon.service",
            "clamav-freshclam.service",
            "chrony.service",
            "rsyslog.service",
            "kakehashi.service");

    private final List<String> systemctl;

    /** @param systemctl the systemctl command (a stand-in in tests) */
    public MachineControl(List<String> systemctl) {
        this.systemctl = List.copyOf(systemctl);
    }

    public static MachineControl appliance() {
        return new MachineControl(List.of("systemctl"));
    }

    /** After setup: the network, then the firewall generated from the new configuration, then the rest. */
    public String applySetup() throws IOException, InterruptedException {
        List<String> restart = new ArrayList<>(List.of("restart"));
        restart.addAll(UNITS);
        return run(restart);
    }

    /** One line per unit: its name and whether it is active (systemctl is-active). */
    public String status() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("is-active"));
        args.addAll(UNITS);
        String[] states = run(args).strip().split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < UNITS.size(); i++) {
            out.append(String.format("  %-28s %s%n", UNITS.get(i), i < states.length ? states[i] : "?"));
        }
        return out.toString();
    }

    public String reboot() throws IOException, InterruptedException {
        return run(List.of("reboot"));
    }

    public String powerOff() throws IOException, InterruptedException {
        return run(List.of("poweroff"));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(systemctl);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }
}
