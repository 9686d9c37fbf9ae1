package jp.kakehashi.appliance;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real OpenLDAP {@code slapd} for tests (Debian's package), in a temp folder: a CA and a server
 * certificate made here, LDAP (for StartTLS) and LDAPS on loopback ports, the password-policy
 * overlay (so an entry can be locked as OpenLDAP locks it), and a generated tree under
 * {@code dc=city,dc=example} with a service account the appliance searches with. The test adds
 * people and groups over LDAP as the directory's administrator would.
 */
final class Slapd implements AutoCloseable {
    static final String BASE = "dc=city,dc=example";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String SERVICE_DN = "cn=kakehashi,ou=services," + BASE;
    static final String SERVICE_PASSWORD = "service-secret-1";
    private static final String ROOT_DN = "cn=admin," + BASE;
    private static final String ROOT_PASSWORD = "root-secret-1";

    private final Path dir;
    private final int ldapPort;
    private final int ldapsPort;
    private final Process process;

    private Slapd(Path dir, int ldapPort, int ldapsPort, Process process) {
        this.dir = dir;
        this.ldapPort = ldapPort;
        this.ldapsPort = ldapsPort;
        this.process = process;
    }

    /**
     * Starts slapd with a certificate naming {@code serverNames} (DNS names and IP addresses);
     * the CA's certificate is {@link #caFile()}.
     */
    static Slapd start(Path dir, List<String> serverNames) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/slapd"))) {
            throw new IllegalStateException("slapd is required (apt-get install slapd); .ci/run installs it");
        }
        Files.createDirectories(dir.resolve("db"));
        certificates(dir, serverNames);
        int ldap = freePort();
        int ldaps = freePort();
        String conf = String.join(
                "\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "include /etc/ldap/schema/nis.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "moduleload ppolicy",
                "pidfile " + dir.resolve("slapd.pid"),
                "TLSCACertificateFile " + dir.resolve("ca.pem"),
                "TLSCertificateFile " + dir.resolve("server.pem"),
                "TLSCertificateKeyFile " + dir.resolve("server.key"),
                "database mdb",
                "maxsize 104857600",
                "suffix \"" + BASE + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PASSWORD,
                "directory " + dir.resolve("db"),
                "overlay ppolicy",
                "");
        Files.writeString(dir.resolve("slapd.conf"), conf);
        Process p = new ProcessBuilder(
                        "/usr/sbin/slapd",
                        "-f",
                        dir.resolve("slapd.conf").toString(),
                        "-h",
                        "ldap://127.0.0.1:" + ldap + "/ ldaps://127.0.0.1:" + ldaps + "/",
                        "-d",
                        "stats")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("slapd.log").toFile())
                .start();
        Slapd s = new Slapd(dir, ldap, ldaps, p);
        s.awaitReady();
        s.tree();
        return s;
    }

    int ldapPort() {
        return ldapPort;
    }

    int ldapsPort() {
        return ldapsPort;
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** A file holding the service account's password, as the appliance's configuration names it. */
    Path servicePasswordFile() throws IOException {
        Path f = dir.resolve("directory.secret");
        Files.writeString(f, SERVICE_PASSWORD + "\n");
        return f;
    }

    /** A person under {@code ou=people}. */
    void person(String uid, String password, String displayName, String mail) throws LDAPException {
        try (LDAPConnection c = admin()) {
            c.add(
                    "uid=" + uid + "," + PEOPLE,
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "inetOrgPerson"),
                    new com.unboundid.ldap.sdk.Attribute("uid", uid),
                    new com.unboundid.ldap.sdk.Attribute("cn", uid),
                    new com.unboundid.ldap.sdk.Attribute("sn", uid),
                    new com.unboundid.ldap.sdk.Attribute("displayName", displayName),
                    new com.unboundid.ldap.sdk.Attribute("mail", mail),
                    new com.unboundid.ldap.sdk.Attribute("userPassword", password));
        }
    }

    static String personDn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    static String groupDn(String cn) {
        return "cn=" + cn + "," + GROUPS;
    }

    /** A group of names under {@code ou=groups}, its members given by uid. */
    void group(String cn, String... uids) throws LDAPException {
        try (LDAPConnection c = admin()) {
            String[] members =
                    java.util.Arrays.stream(uids).map(Slapd::personDn).toArray(String[]::new);
            c.add(
                    groupDn(cn),
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "groupOfNames"),
                    new com.unboundid.ldap.sdk.Attribute("cn", cn),
                    new com.unboundid.ldap.sdk.Attribute("member", members));
        }
    }

    void addMember(String cn, String uid) throws LDAPException {
        modify(groupDn(cn), new Modification(ModificationType.ADD, "member", personDn(uid)));
    }

    void removeMember(String cn, String uid) throws LDAPException {
        modify(groupDn(cn), new Modification(ModificationType.DELETE, "member", personDn(uid)));
    }

    /** Locks the entry the way OpenLDAP's password policy does, for good. */
    void lock(String uid) throws LDAPException {
        modify(personDn(uid), new Modification(ModificationType.ADD, "pwdAccountLockedTime", "000001010000Z"));
    }

    void unlock(String uid) throws LDAPException {
        modify(personDn(uid), new Modification(ModificationType.DELETE, "pwdAccountLockedTime"));
    }

    void modify(String dn, Modification m) throws LDAPException {
        try (LDAPConnection c = admin()) {
            c.modify(dn, m);
        }
    }

    private LDAPConnection admin() throws LDAPException {
        return new LDAPConnection("127.0.0.1", ldapPort, ROOT_DN, ROOT_PASSWORD);
    }

    private void tree() throws LDAPException {
        try (LDAPConnection c = admin()) {
            c.add(
                    BASE,
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "dcObject", "organization"),
                    new com.unboundid.ldap.sdk.Attribute("o", "city"),
                    new com.unboundid.ldap.sdk.Attribute("dc", "city"));
            for (String ou : List.of("people", "groups", "services")) {
                c.add(
                        "ou=" + ou + "," + BASE,
                        new com.unboundid.ldap.sdk.Attribute("objectClass", "organizationalUnit"),
                        new com.unboundid.ldap.sdk.Attribute("ou", ou));
            }
            c.add(
                    SERVICE_DN,
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "person"),
                    new com.unboundid.ldap.sdk.Attribute("cn", "kakehashi"),
                    new com.unboundid.ldap.sdk.Attribute("sn", "kakehashi"),
                    new com.unboundid.ldap.sdk.Attribute("userPassword", SERVICE_PASSWORD));
        }
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited: " + Files.readString(dir.resolve("slapd.log")));
            }
            try (LDAPConnection c = new LDAPConnection("127.0.0.1", ldapPort)) {
                return;
            } catch (LDAPException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(
                "slapd did not answer within 20 s: " + Files.readString(dir.resolve("slapd.log")));
    }

    private static void certificates(Path dir, List<String> serverNames) throws Exception {
        KeyPair ca = ecKey();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Kakehashi Test Directory CA");
        X509CertificateHolder caCert = new JcaX509v3CertificateBuilder(
                        caName,
                        BigInteger.ONE,
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(2))),
                        caName,
                        ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate()));
        // RSA for the server: slapd's GnuTLS does not read the EC key encodings Bouncy Castle writes.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair server = rsa.generateKeyPair();
        GeneralName[] names = serverNames.stream()
                .map(n -> n.matches("[0-9.]+")
                        ? new GeneralName(GeneralName.iPAddress, n)
                        : new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        X509CertificateHolder serverCert = new JcaX509v3CertificateBuilder(
                        caName,
                        BigInteger.TWO,
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(2))),
                        new X500Name("CN=" + serverNames.get(0)),
                        server.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate()));
        Files.writeString(dir.resolve("ca.pem"), pem(caCert));
        Files.writeString(dir.resolve("server.pem"), pem(serverCert));
        Files.writeString(dir.resolve("server.key"), pem(server.getPrivate()));
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        // Leaves the log beside the data for a failed test's reader.
        Files.writeString(dir.resolve("stopped"), "stopped\n", StandardCharsets.UTF_8);
    }
}
