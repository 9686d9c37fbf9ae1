package jp.kakehashi.appliance.directory;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * StartTLS on a fresh connection, with the TLS socket factory of the server it reached: each
 * checks that the certificate names that server. (The SDK's own processor takes one factory for
 * every server, which would have to accept any configured server's name from any of them.)
 */
final class StartTlsTo implements PostConnectProcessor {
    private final Map<String, SSLSocketFactory> byHost;

    StartTlsTo(Map<String, SSLSocketFactory> byHost) {
        this.byHost = Map.copyOf(byHost);
    }

    @Override
    public void processPreAuthenticatedConnection(LDAPConnection connection) throws LDAPException {
        SSLSocketFactory tls = byHost.get(connection.getConnectedAddress());
        if (tls == null) {
            connection.close();
            throw new LDAPException(
                    ResultCode.CONNECT_ERROR,
                    "connected to an unconfigured server " + connection.getConnectedAddress());
        }
        ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(tls));
        if (result.getResultCode() != ResultCode.SUCCESS) {
            connection.close();
            throw new LDAPException(result);
        }
    }

    @Override
    public void processPostAuthenticatedConnection(LDAPConnection connection) {}
}
