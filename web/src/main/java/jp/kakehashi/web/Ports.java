package jp.kakehashi.web;

import static java.util.Objects.requireNonNull;

import jp.kakehashi.web.port.Accounts;
import jp.kakehashi.web.port.Administration;
import jp.kakehashi.web.port.ApiTokens;
import jp.kakehashi.web.port.Approvals;
import jp.kakehashi.web.port.AuditRecords;
import jp.kakehashi.web.port.AuditTrail;
import jp.kakehashi.web.port.OriginalRequests;
import jp.kakehashi.web.port.PolicyAdministration;
import jp.kakehashi.web.port.QuarantineReview;
import jp.kakehashi.web.port.Search;
import jp.kakehashi.web.port.SharedFolders;
import jp.kakehashi.web.port.Statistics;
import jp.kakehashi.web.port.Transfers;
import jp.kakehashi.web.port.Unlocking;

/** Everything the portals need from the appliance, in one value. */
public record Ports(
        Accounts accounts,
        Transfers transfers,
        Approvals approvals,
        AuditTrail audit,
        AuditRecords auditRecords,
        Statistics statistics,
        QuarantineReview quarantine,
        Administration administration,
        ApiTokens apiTokens,
        OriginalRequests originals,
        Search search,
        Unlocking unlocking,
        PolicyAdministration policies,
        SharedFolders folders) {
    public Ports {
        requireNonNull(accounts, "accounts");
        requireNonNull(transfers, "transfers");
        requireNonNull(approvals, "approvals");
        requireNonNull(audit, "audit");
        requireNonNull(auditRecords, "auditRecords");
        requireNonNull(statistics, "statistics");
        requireNonNull(quarantine, "quarantine");
        requireNonNull(administration, "administration");
        requireNonNull(apiTokens, "apiTokens");
        requireNonNull(originals, "originals");
        requireNonNull(search, "search");
        requireNonNull(unlocking, "unlocking");
        requireNonNull(policies, "policies");
        requireNonNull(folders, "folders");
    }
}
