package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What became of asking for a one-time password link. */
public sealed interface Issuance {
    /**
     * The link, to be shown once to the administrator who hands it over, and mailed to its holder
     * when they have an address and notices are configured.
     *
     * @param url the full address on the portal of the account's zone
     * @param mailedTo the address the link was mailed to; empty when it was not
     */
    record Issued(String account, String url, Instant expiresAt, String mailedTo) implements Issuance {
        public Issued {
            requireNonNull(account, "account");
            requireNonNull(url, "url");
            requireNonNull(expiresAt, "expiresAt");
            requireNonNull(mailedTo, "mailedTo");
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
