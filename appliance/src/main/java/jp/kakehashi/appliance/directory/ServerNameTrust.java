package jp.kakehashi.appliance.directory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a directory server's certificate only when the configured CA vouches for it and it
 * names the configured host: an IP address among its IP-address alternative names, a host name
 * among its DNS names (a leading {@code *.} standing for one label), or, for an old certificate
 * without DNS names, its common name. Without the name check, any server the municipality's CA
 * ever certified could answer for the directory. (The SDK's own name checks, and the JDK's
 * endpoint identification, are not applied on the SDK's sockets; this is checked in the handshake.)
 */
final class ServerNameTrust implements X509TrustManager {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final X509TrustManager ca;
    private final String host;

    ServerNameTrust(X509TrustManager ca, String host) {
        this.ca = ca;
        this.host = host.toLowerCase(Locale.ROOT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        ca.checkServerTrusted(chain, authType);
        if (chain.length == 0 || !names(chain[0])) {
            throw new CertificateException(
                    "the directory's certificate does not name " + host + " (証明書のホスト名が設定と一致しません)");
        }
    }

    /** Whether the certificate names the host. */
    boolean names(X509Certificate cert) throws CertificateParsingException {
        Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        if (alternatives != null) {
            for (List<?> a : alternatives) {
                if (a.size() >= 2 && a.get(0) instanceof Integer type && a.get(1) instanceof String value) {
                    if (type == DNS_NAME) {
                        dns.add(value.toLowerCase(Locale.ROOT));
                    } else if (type == IP_ADDRESS) {
                        ips.add(value);
                    }
                }
            }
        }
        if (isAddress(host)) {
            return ips.stream().anyMatch(ip -> sameAddress(ip, host));
        }
        if (dns.isEmpty()) {
            return commonName(cert)
                    .map(cn -> matches(cn.toLowerCase(Locale.ROOT), host))
                    .orElse(false);
        }
        return dns.stream().anyMatch(name -> matches(name, host));
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(host);
    }

    private static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals: no name is looked up.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static java.util.Optional<String> commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return java.util.Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the appliance is the directory's client, never its server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return ca.getAcceptedIssuers();
    }
}
