package jp.kakehashi.appliance.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.DirectoryPerson;
import jp.kakehashi.appliance.identity.DirectorySource;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.Role;

/**
 * The directory over LDAP with TLS (LDAPS or StartTLS), the server's certificate checked against
 * the configured CA and its name against the URL's host. The appliance searches with its service
 * account through a small pool and proves a person's password by binding as their entry. A person
 * is disabled when Active Directory's {@code userAccountControl} says so or OpenLDAP's password
 * policy has locked the entry ({@code pwdAccountLockedTime}).
 */
public final class LdapDirectory implements DirectorySource, AutoCloseable {
    /** Active Directory's ACCOUNTDISABLE flag in {@code userAccountControl}. */
    private static final long ACCOUNT_DISABLED = 0x2;

    /** Most privileged first: a person in both the staff and the officers' group is an officer. */
    private static final List<Role> PRECEDENCE = List.of(Role.ADMIN, Role.OFFICER, Role.STAFF);

    private final DirectorySettings settings;
    private final LDAPConnectionPool pool;
    private final List<Mapping> mappings;

    private record Mapping(DN dn, DirectorySettings.GroupMapping what) {}

    private LdapDirectory(DirectorySettings settings, LDAPConnectionPool pool, List<Mapping> mappings) {
        this.settings = settings;
        this.pool = pool;
        this.mappings = mappings;
    }

    /**
     * Prepares the connections; a directory that is down now is tried again at each question, so
     * that the appliance starts (and local accounts sign in) without it.
     *
     * @throws IllegalArgumentException when the CA file, the password file or a group DN cannot be read
     */
    public static LdapDirectory open(DirectorySettings s) {
        List<Mapping> mappings = new ArrayList<>();
        for (DirectorySettings.GroupMapping m : s.mappings()) {
            try {
                mappings.add(new Mapping(new DN(m.dn()), m));
            } catch (LDAPException e) {
                throw new IllegalArgumentException("directory group '" + m.dn() + "' is not a DN (DN の形式が正しくありません)", e);
            }
        }
        byte[] secret = bindPassword(s);
        try {
            // Each server's certificate: signed by the configured CA and naming that server, both checked in
            // the handshake.
            Map<String, SSLSocketFactory> tls = new LinkedHashMap<>();
            for (DirectorySettings.Server server : s.servers()) {
                tls.put(
                        server.host(),
                        new SSLUtil(new ServerNameTrust(
                                        new PEMFileTrustManager(s.caFile().toFile()), server.host()))
                                .createSSLSocketFactory());
            }
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            int millis = (int) Math.min(Integer.MAX_VALUE, s.timeout().toMillis());
            options.setConnectTimeoutMillis(millis);
            options.setResponseTimeoutMillis(millis);
            List<ServerSet> each = new ArrayList<>();
            for (DirectorySettings.Server server : s.servers()) {
                each.add(new SingleServerSet(
                        server.host(),
                        server.port(),
                        s.ldaps() ? tls.get(server.host()) : SocketFactory.getDefault(),
                        options));
            }
            ServerSet servers;
            if (each.size() == 1) {
                servers = each.get(0);
            } else {
                // A domain controller that does not answer is tried last from then on, so staff do not wait for it.
                FailoverServerSet failover = new FailoverServerSet(each.toArray(new ServerSet[0]));
                failover.setReOrderOnFailover(true);
                servers = failover;
            }
            BindRequest service = new SimpleBindRequest(s.bindDn(), secret);
            LDAPConnectionPool pool =
                    new LDAPConnectionPool(servers, service, 0, 4, s.ldaps() ? null : new StartTlsTo(tls), false);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setMaxWaitTimeMillis(millis);
            pool.setConnectionPoolName("kakehashi-directory");
            return new LdapDirectory(s, pool, List.copyOf(mappings));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "directory ca-file " + s.caFile() + " holds no usable certificate (CA 証明書を読めません): "
                            + e.getMessage(),
                    e);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory connections cannot be prepared: " + e.getMessage(), e);
        }
    }

    /** The configured directory, or {@link DirectorySource#NONE}. */
    public static DirectorySource openIfConfigured(Optional<DirectorySettings> settings) {
        return settings.<DirectorySource>map(LdapDirectory::open).orElse(DirectorySource.NONE);
    }

    /** The service account's password; the pool keeps it to bind every connection it opens. */
    private static byte[] bindPassword(DirectorySettings s) {
        try {
            String text = Files.readString(s.bindPasswordFile(), StandardCharsets.UTF_8)
                    .strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(
                        "directory bind-password-file " + s.bindPasswordFile() + " is empty (サービスアカウントのパスワードがありません)");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Answer signIn(String name, char[] password) {
        if (password.length == 0) {
            // An empty password is an anonymous bind, which LDAP servers answer with success.
            return new Answer.Refused(Refusal.PASSWORD);
        }
        byte[] secret = utf8(password);
        try {
            Optional<SearchResultEntry> entry = find(name);
            if (entry.isEmpty()) {
                return new Answer.Refused(Refusal.NOT_FOUND);
            }
            try {
                pool.bindAndRevertAuthentication(
                        new SimpleBindRequest(entry.get().getDN(), secret));
            } catch (LDAPException e) {
                if (!e.getResultCode().isConnectionUsable()) {
                    return new Answer.Unavailable(e.getResultCode() + ": " + e.getMessage());
                }
                // Wrong password, or an account the directory itself refuses to bind (locked, expired).
                return new Answer.Refused(Refusal.PASSWORD);
            }
            return describe(entry.get());
        } catch (LDAPException e) {
            return new Answer.Unavailable(e.getResultCode() + ": " + e.getMessage());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public Answer lookup(String name) {
        try {
            Optional<SearchResultEntry> entry = find(name);
            return entry.isEmpty() ? new Answer.Refused(Refusal.NOT_FOUND) : describe(entry.get());
        } catch (LDAPException e) {
            return new Answer.Unavailable(e.getResultCode() + ": " + e.getMessage());
        }
    }

    /** The one entry the sign-in name finds; none when there is none or more than one. */
    private Optional<SearchResultEntry> find(String name) throws LDAPException {
        if (name.isEmpty() || name.length() > 256 || name.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        Filter filter = Filter.create(settings.userFilter().replace("{0}", Filter.encodeValue(name)));
        SearchResult found;
        try {
            found = pool.search(
                    settings.userBase(),
                    SearchScope.SUB,
                    filter,
                    settings.loginAttribute(),
                    settings.nameAttribute(),
                    "cn",
                    settings.mailAttribute(),
                    "memberOf",
                    "userAccountControl",
                    "pwdAccountLockedTime");
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty();
            }
            throw e;
        }
        List<SearchResultEntry> entries = entries(found);
        return entries.size() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
    }

    private Answer describe(SearchResultEntry e) throws LDAPException {
        Long control = e.getAttributeValueAsLong("userAccountControl");
        if ((control != null && (control & ACCOUNT_DISABLED) != 0) || e.hasAttribute("pwdAccountLockedTime")) {
            return new Answer.Refused(Refusal.DISABLED);
        }
        String login =
                String.valueOf(e.getAttributeValue(settings.loginAttribute())).toLowerCase(Locale.ROOT);
        if (!validLogin(login)) {
            return new Answer.Refused(Refusal.NOT_FOUND);
        }
        Set<DN> memberships = memberships(e, login);
        Optional<Role> role = PRECEDENCE.stream()
                .filter(r -> mappings.stream()
                        .anyMatch(m -> m.what().role().equals(Optional.of(r)) && memberships.contains(m.dn())))
                .findFirst();
        if (role.isEmpty()) {
            return new Answer.Refused(Refusal.NO_ROLE);
        }
        Optional<String> department = mappings.stream()
                .filter(m -> m.what().department().isPresent() && memberships.contains(m.dn()))
                .map(m -> m.what().department().orElseThrow())
                .findFirst();
        if (role.get() == Role.STAFF && department.isEmpty()) {
            return new Answer.Refused(Refusal.NO_DEPARTMENT);
        }
        Set<String> groups = new LinkedHashSet<>();
        mappings.stream()
                .filter(m -> m.what().group().isPresent() && memberships.contains(m.dn()))
                .forEach(m -> groups.add(m.what().group().orElseThrow()));
        Optional<String> displayName =
                first(e, settings.nameAttribute()).or(() -> first(e, "cn")).flatMap(LdapDirectory::checkedName);
        Optional<String> email = first(e, settings.mailAttribute()).flatMap(LdapDirectory::checkedEmail);
        return new Answer.Found(new DirectoryPerson(
                login, e.getDN(), role.get(), department.orElse(DirectoryPerson.CITY), groups, displayName, email));
    }

    /** The groups the person is in: searched under the group base, or read from {@code memberOf}. */
    private Set<DN> memberships(SearchResultEntry e, String login) throws LDAPException {
        List<String> dns = new ArrayList<>();
        if (settings.groupBase().isPresent()) {
            Filter filter = Filter.create(settings.groupFilter()
                    .replace("{dn}", Filter.encodeValue(e.getDN()))
                    .replace("{0}", Filter.encodeValue(login)));
            for (SearchResultEntry g :
                    entries(pool.search(settings.groupBase().get(), SearchScope.SUB, filter, "1.1"))) {
                dns.add(g.getDN());
            }
        } else {
            String[] memberOf = e.getAttributeValues("memberOf");
            if (memberOf != null) {
                dns.addAll(Arrays.asList(memberOf));
            }
        }
        Set<DN> out = new LinkedHashSet<>();
        for (String dn : dns) {
            try {
                out.add(new DN(dn));
            } catch (LDAPException ignored) {
                // A value that is not a DN names no group we map.
            }
        }
        return out;
    }

    /** The entries a search returned (the SDK gives none back when a listener took them). */
    private static List<SearchResultEntry> entries(SearchResult result) {
        List<SearchResultEntry> entries = result.getSearchEntries();
        return entries == null ? List.of() : entries;
    }

    private static Optional<String> first(SearchResultEntry e, String attribute) {
        return Optional.ofNullable(e.getAttributeValue(attribute)).filter(v -> !v.isBlank());
    }

    private static Optional<String> checkedName(String name) {
        try {
            return Optional.of(Names.check(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> checkedEmail(String email) {
        try {
            return Optional.of(Contact.checkEmail(email));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    /** Whether the name is one a directory could hand out as an account name. */
    static boolean validLogin(String login) {
        try {
            Account.checkName(login);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
