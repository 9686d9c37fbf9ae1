package jp.kakehashi.appliance.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The portals' TLS key and certificate, a PKCS#12 file in {@code data/keys/} with its password
 * beside it (both owner-only). On first start it is generated with Bouncy Castle: ECDSA P-256,
 * self-signed, valid for 825 days, naming {@code localhost}, the loopback addresses and every
 * listener address. An administrator replaces it by putting the municipality's certificate in
 * the same two files.
 */
public final class TlsCertificate {
    private static final Duration VALIDITY = Duration.ofDays(825);

    private TlsCertificate() {}

    /** The key store, generated on first start. */
    public static KeyStore loadOrGenerate(
            Path keyStore, Path passwordFile, List<String> addresses, SecureRandom random, Clock clock) {
        try {
            if (!Files.exists(keyStore)) {
                generate(keyStore, passwordFile, addresses, random, clock);
            }
            char[] password = password(passwordFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, password);
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot read the TLS key store " + keyStore + " (" + e.getMessage()
                            + "). TLS 証明書を読み込めません。ファイルとパスワードを確認してください。",
                    e);
        }
    }

    public static char[] password(Path passwordFile) {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8)
                    .strip()
                    .toCharArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + passwordFile, e);
        }
    }

    private static void generate(
            Path keyStore, Path passwordFile, List<String> addresses, SecureRandom random, Clock clock)
            throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = g.generateKeyPair();
        Instant now = clock.instant();
        X500Name name = new X500Name("CN=Kakehashi appliance,O=Kakehashi");
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(1, serial),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                name,
                pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(addresses)));
        X509CertificateHolder holder;
        try {
            holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate", e);
        }
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
        byte[] pw = new byte[24];
        random.nextBytes(pw);
        char[] password = HexFormat.of().formatHex(pw).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("kakehashi", pair.getPrivate(), password, new X509Certificate[] {cert});
        Files.createDirectories(keyStore.getParent());
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, ownerOnly);
        Files.writeString(passwordFile, new String(password) + "\n", StandardOpenOption.WRITE);
        Files.createFile(keyStore, ownerOnly);
        try (OutputStream out = Files.newOutputStream(keyStore, StandardOpenOption.WRITE)) {
            ks.store(out, password);
        }
    }

    private static GeneralName[] names(List<String> addresses) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        for (String a : addresses) {
            if (a.equals("127.0.0.1") || a.equals("localhost") || a.equals("::1")) {
                continue;
            }
            names.add(new GeneralName(isIp(a) ? GeneralName.iPAddress : GeneralName.dNSName, a));
        }
        return names.toArray(GeneralName[]::new);
    }

    private static boolean isIp(String a) {
        if (!a.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            InetAddress.getByName(a);
            return true;
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }
}
