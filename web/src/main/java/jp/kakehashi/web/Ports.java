package jp.kakehashi.web;

import static java.util.Objects.requireNonNull;

import jp.kakehashi.web.port.Accounts;
import jp.kakehashi.web.port.AuditTrail;
import jp.kakehashi.web.port.Transfers;

/** Everything the portals need from the appliance, in one value. */
public record Ports(Accounts accounts, Transfers transfers, AuditTrail audit) {
    public Ports {
        requireNonNull(accounts, "accounts");
        requireNonNull(transfers, "transfers");
        requireNonNull(audit, "audit");
    }
}
