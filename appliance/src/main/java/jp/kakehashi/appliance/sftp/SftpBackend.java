package jp.kakehashi.appliance.sftp;

import java.time.Clock;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.appliance.folders.FolderUploads;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.SignIn;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.originals.Originals;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.transfer.Exchange;

/**
 * What the SFTP front end needs from the appliance core.
 *
 * @param started when the appliance started: the time every virtual folder shows, the same in
 *     every session and listing (clients that sync by time see nothing change)
 */
public record SftpBackend(
        Accounts accounts,
        SignIn signIn,
        Items items,
        BlobStore blobs,
        Pipeline pipeline,
        Exchange exchange,
        Originals originals,
        Folders folders,
        FolderUploads folderUploads,
        PartialUploads partials,
        jp.kakehashi.appliance.audit.AuditLog audit,
        RefusalAudit refusals,
        Clock clock,
        java.time.Instant started) {}
