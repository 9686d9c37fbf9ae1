package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jp.kakehashi.appliance.net.Cidr;

/**
 * How each role signs in, on every channel: the lock-out limits, whether the second factor is
 * required, and which SFTP methods a role may use. The default lets no role in with a password
 * alone anywhere: the portals ask every role for a TOTP code, and SFTP takes a public key, or a
 * password and a TOTP code together (keyboard-interactive, which WinSCP and OpenSSH both speak).
 *
 * @param limits lock-out and throttling, shared by the portals, the API and SFTP
 * @param staffSecondFactor whether staff need a TOTP code too; a municipality may relax it for
 *     staff alone (a warning is logged at every start)
 * @param sftp the SFTP methods of each role
 * @param managementFrom the management range ({@code zones.lgwan.management-from}): the only
 *     addresses an administrator may sign in or act from, on every channel; empty: anywhere on
 *     the LGWAN (development)
 */
public record SignInPolicy(
        SignInGuard.Limits limits, boolean staffSecondFactor, Map<Role, SftpMethods> sftp, List<Cidr> managementFrom) {
    /** The SFTP sign-in methods one role may use. */
    public enum SftpMethods {
        /** A registered public key only (systems, scheduled jobs). */
        KEY,
        /** A password and the current TOTP code, asked together (keyboard-interactive). */
        PASSWORD_AND_CODE,
        /** Either of the two. */
        KEY_OR_PASSWORD_AND_CODE;

        public boolean key() {
            return this != PASSWORD_AND_CODE;
        }

        public boolean passwordAndCode() {
            return this != KEY;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @throws IllegalArgumentException naming the allowed words */
        public static SftpMethods parse(String word) {
            for (SftpMethods m : values()) {
                if (m.word().equals(word.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("must be one of "
                    + Arrays.stream(values()).map(SftpMethods::word).collect(Collectors.joining(", "))
                    + ", was '" + word + "'");
        }
    }

    public SignInPolicy {
        requireNonNull(limits, "limits");
        sftp = Map.copyOf(sftp);
        managementFrom = List.copyOf(managementFrom);
        for (Role r : Role.values()) {
            if (!sftp.containsKey(r)) {
                throw new IllegalArgumentException("no SFTP sign-in methods for role " + r.word());
            }
        }
    }

    public static SignInPolicy defaults() {
        Map<Role, SftpMethods> sftp = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            sftp.put(r, SftpMethods.KEY_OR_PASSWORD_AND_CODE);
        }
        return new SignInPolicy(SignInGuard.Limits.DEFAULTS, true, sftp, List.of());
    }

    /** Whether an account of {@code role} must pass a TOTP code wherever it signs in with a password. */
    public boolean secondFactorRequired(Role role) {
        return role != Role.STAFF || staffSecondFactor;
    }

    public SftpMethods sftp(Role role) {
        return requireNonNull(sftp.get(role), role.word());
    }

    /**
     * Whether an account of {@code role} may sign in or act from {@code source}: an administrator
     * changes users, policy and the appliance itself, so a stolen password or session is of no use
     * from a clerk's desk (CrushFTP's admin surface was reached from anywhere, ATTACKS).
     *
     * @param source the peer's IP address as the listener saw it ({@code 10.0.0.5}, {@code [::1]})
     */
    public boolean admitsFrom(Role role, String source) {
        if (role != Role.ADMIN || managementFrom.isEmpty()) {
            return true;
        }
        InetAddress a;
        try {
            a = Cidr.literal(bare(source));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return managementFrom.stream().anyMatch(c -> c.contains(a));
    }

    public SignInPolicy withManagementFrom(List<Cidr> ranges) {
        return new SignInPolicy(limits, staffSecondFactor, sftp, ranges);
    }

    private static String bare(String source) {
        String s = source.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int scope = s.indexOf('%');
        return scope < 0 ? s : s.substring(0, scope);
    }
}
