package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What became of asking for a one-time password link. */
public sealed interface Issuance {
    /**
     * The link, to be shown once to the administrator who hands it over.
     *
     * @param url the full address on the portal of the account's zone
     */
    record Issued(String account, String url, Instant expiresAt) implements Issuance {
        public Issued {
            requireNonNull(account, "account");
            requireNonNull(url, "url");
            requireNonNull(expiresAt, "expiresAt");
        }
    }

    record Refused(String code, String ja, String en) implements Issuance {
        public Refused {
            requireNonNull(code, "code");
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
        }
    }
}
