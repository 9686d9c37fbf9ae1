package jp.kakehashi.appliance.directory;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.policies.YamlSection;

/**
 * How the appliance reaches the municipality's directory and reads staff from it: the {@code
 * directory:} section of kakehashi.yaml. Only TLS is accepted ({@code ldaps://}, or {@code
 * ldap://} with {@code start-tls: true}): staff passwords cross the wire to be checked.
 *
 * @param servers the directory servers, in the order they are tried (Active Directory has several
 *     domain controllers; one that does not answer is tried again last)
 * @param ldaps TLS from the first byte (port 636); otherwise StartTLS on a plain port (389)
 * @param caFile the PEM certificate(s) of the CA that signed the directory's certificate
 * @param bindDn the service account the appliance searches with
 * @param bindPasswordFile an owner-only file holding the service account's password
 * @param userFilter finds a person by sign-in name; {@code {0}} stands for the name (escaped)
 * @param loginAttribute the attribute holding the sign-in name ({@code uid}, {@code sAMAccountName})
 * @param groupBase where groups are searched for the person's memberships; empty reads the
 *     person's {@code memberOf} instead (Active Directory, OpenLDAP with the memberof overlay)
 * @param groupFilter finds the groups a person is in; {@code {dn}} stands for the person's DN
 * @param mappings which directory group gives which role, 課 or policy group
 */
public record DirectorySettings(
        List<Server> servers,
        boolean ldaps,
        Path caFile,
        String bindDn,
        Path bindPasswordFile,
        String userBase,
        String userFilter,
        String loginAttribute,
        String nameAttribute,
        String mailAttribute,
        Optional<String> groupBase,
        String groupFilter,
        List<GroupMapping> mappings,
        Duration timeout) {
    public DirectorySettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a directory needs at least one server");
        }
        requireNonNull(caFile, "caFile");
        requireNonNull(bindDn, "bindDn");
        requireNonNull(bindPasswordFile, "bindPasswordFile");
        requireNonNull(userBase, "userBase");
        requireNonNull(userFilter, "userFilter");
        requireNonNull(groupBase, "groupBase");
        mappings = List.copyOf(mappings);
    }

    /** One directory server: its name as its certificate names it, and its port. */
    public record Server(String host, int port) {
        public Server {
            requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * What membership of one directory group gives: a role (staff, officer, admin), a 課 (the
     * department id), a policy group ({@code kacho}), or several of them.
     */
    public record GroupMapping(String dn, Optional<Role> role, Optional<String> department, Optional<String> group) {
        public GroupMapping {
            requireNonNull(dn, "dn");
            role.ifPresent(r -> {
                if (r.zone() != jp.kakehashi.policies.Zone.LGWAN) {
                    throw new IllegalArgumentException("the directory gives LGWAN roles only (staff, officer, admin),"
                            + " not '" + r.word() + "' (ディレクトリから付与できる役割は staff・officer・admin です)");
                }
            });
            department.ifPresent(Account::checkOrganisation);
            group.ifPresent(Account::checkGroup);
        }
    }

    private static final Set<String> KEYS = Set.of(
            "start-tls",
            "ca-file",
            "bind-dn",
            "bind-password-file",
            "user-base",
            "login-attribute",
            "user-filter",
            "name-attribute",
            "mail-attribute",
            "group-base",
            "group-filter",
            "timeout",
            "groups");

    /** The {@code directory:} section; empty when it has no {@code url}. */
    public static Optional<DirectorySettings> read(YamlSection s, Path base) {
        Optional<String> url = s.optionalString("url").filter(t -> !t.isBlank());
        if (url.isEmpty()) {
            // The shipped example lists every key with its default and no url: nothing to read.
            s.finish(KEYS);
            return Optional.empty();
        }
        // Several servers as ldap.conf lists them: URLs separated by spaces, tried in that order.
        List<URI> uris = new ArrayList<>();
        for (String one : url.get().strip().split("[\\s,]+")) {
            try {
                uris.add(new URI(one));
            } catch (URISyntaxException e) {
                throw s.error("url", "is not a URL such as ldaps://dc1.city.example.lg.jp (URL の形式が正しくありません)");
            }
        }
        boolean startTls = s.bool("start-tls", false);
        Set<String> schemes = new java.util.HashSet<>();
        List<Server> servers = new ArrayList<>();
        for (URI uri : uris) {
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if ((!scheme.equals("ldaps") && !scheme.equals("ldap")) || uri.getHost() == null) {
                throw s.error(
                        "url", "must be ldaps://HOST[:PORT] or ldap://HOST[:PORT] (ldaps:// か ldap:// で指定してください)");
            }
            schemes.add(scheme);
            servers.add(
                    new Server(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : scheme.equals("ldaps") ? 636 : 389));
        }
        if (schemes.size() > 1) {
            throw s.error(
                    "url", "lists ldaps:// and ldap:// servers together; use one kind (ldaps:// と ldap:// を混在できません)");
        }
        boolean ldaps = schemes.contains("ldaps");
        if (!ldaps && !startTls) {
            throw s.error(
                    "url",
                    "ldap:// sends staff passwords in the clear; use ldaps:// or set start-tls: true"
                            + " (暗号化されない接続は使えません。ldaps:// にするか start-tls: true を指定してください)");
        }
        if (ldaps && startTls) {
            throw s.error("start-tls", "is for ldap:// only; ldaps:// is TLS already (ldaps:// では不要です)");
        }
        Path ca = existing(s, "ca-file", base);
        Path secret = existing(s, "bind-password-file", base);
        String bindDn = required(s, "bind-dn");
        String userBase = required(s, "user-base");
        String login = s.string("login-attribute", "uid");
        String userFilter = s.string("user-filter", "(&(objectClass=person)(" + login + "={0}))");
        if (!userFilter.contains("{0}")) {
            throw s.error("user-filter", "must hold {0}, where the sign-in name goes ({0} がありません)");
        }
        String name = s.string("name-attribute", "displayName");
        String mail = s.string("mail-attribute", "mail");
        Optional<String> groupBase = s.optionalString("group-base").filter(t -> !t.isBlank());
        String groupFilter = s.string("group-filter", "(|(member={dn})(uniqueMember={dn}))");
        Duration timeout = s.duration("timeout", Duration.ofSeconds(5));
        List<GroupMapping> mappings = new ArrayList<>();
        for (YamlSection g : s.sections("groups")) {
            try {
                mappings.add(new GroupMapping(
                        required(g, "dn"),
                        g.optionalString("role").filter(t -> !t.isBlank()).map(Role::parse),
                        g.optionalString("department").filter(t -> !t.isBlank()),
                        g.optionalString("group").filter(t -> !t.isBlank())));
            } catch (IllegalArgumentException e) {
                throw g.error("dn", String.valueOf(e.getMessage()));
            }
            g.finish();
        }
        if (mappings.stream().noneMatch(m -> m.role().isPresent())) {
            throw s.error(
                    "groups",
                    "must map at least one directory group to a role (staff, officer or admin)"
                            + " (役割を与えるグループを少なくとも一つ指定してください)");
        }
        s.finish();
        return Optional.of(new DirectorySettings(
                servers,
                ldaps,
                ca,
                bindDn,
                secret,
                userBase,
                userFilter,
                login,
                name,
                mail,
                groupBase,
                groupFilter,
                mappings,
                timeout));
    }

    private static String required(YamlSection s, String key) {
        return s.optionalString(key)
                .filter(t -> !t.isBlank())
                .orElseThrow(() -> s.error(key, "is required with a directory url (指定が必要です)"));
    }

    private static Path existing(YamlSection s, String key, Path base) {
        Path p = base.resolve(required(s, key)).normalize();
        if (!Files.isReadable(p)) {
            throw s.error(key, "names " + p + ", which cannot be read (ファイルを読めません)");
        }
        return p;
    }
}
