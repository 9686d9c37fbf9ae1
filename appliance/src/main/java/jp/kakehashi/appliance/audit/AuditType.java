package jp.kakehashi.appliance.audit;

/** Every kind of audit record; a new kind is added here, never written as free text. */
public enum AuditType {
    APPLIANCE_STARTED,
    APPLIANCE_STOPPED,
    ACCOUNT_CREATED,
    AUTH_SUCCESS,
    AUTH_FAILURE,
    ITEM_RECEIVED,
    UPLOAD_ABORTED,
    UPLOAD_REFUSED,
    ITEM_DETECTED,
    ITEM_SCANNED,
    SCAN_DEFERRED,
    ITEM_POLICY,
    ITEM_SANITIZED,
    ITEM_INDEXED,
    ITEM_PUBLISHED,
    ITEM_BLOCKED,
    ITEM_QUARANTINED,
    ITEM_DOWNLOADED,
    RECOVERY
}
