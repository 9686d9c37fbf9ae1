package jp.kakehashi.appliance.portal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.ppap.Unlocks;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.DiskFull;
import jp.kakehashi.policies.Flow;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.Escape;
import jp.kakehashi.web.port.Destination;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Transfers;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;

/**
 * The portals' view of transfer items, with the same rights as the SFTP tree: partners send to
 * the city and receive what staff sent to their organisation; staff receive every partner's
 * delivered files and send to partner organisations and the My Number zone; My Number users
 * only receive. Uploads go to the same pipeline as SFTP uploads.
 */
public final class PortalTransfers implements Transfers {
    private static final String CITY = "city";
    private static final String MYNUMBER = "mynumber";
    private static final String PARTNER = "partner:";

    private final Accounts accounts;
    private final Items items;
    private final BlobStore blobs;
    private final Pipeline pipeline;
    private final AuditLog audit;
    private final Unlocks unlocks;
    private final ItemViews views;

    public PortalTransfers(
            Accounts accounts, Items items, BlobStore blobs, Pipeline pipeline, AuditLog audit, Unlocks unlocks) {
        this.accounts = accounts;
        this.items = items;
        this.unlocks = unlocks;
        this.views = new ItemViews(items);
        this.blobs = blobs;
        this.pipeline = pipeline;
        this.audit = audit;
    }

    @Override
    public List<Destination> destinations(User user) {
        return switch (user.role()) {
            case PARTNER -> List.of(new Destination(CITY, "市役所（LGWAN 側の職員）", "The city (staff on the LGWAN side)"));
            case STAFF -> {
                List<Destination> out = new ArrayList<>();
                for (String org : accounts.partnerOrganisations()) {
                    out.add(new Destination(PARTNER + org, "取引先: " + org, "Partner: " + org));
                }
                out.add(new Destination(MYNUMBER, "マイナンバー利用事務系", "My Number zone"));
                yield out;
            }
            case OFFICER, ADMIN, MYNUMBER -> List.of();
        };
    }

    /** The flow and organisation of a destination this user may send to. */
    private Optional<Drop> drop(User user, String destination) {
        return switch (user.role()) {
            case PARTNER ->
                destination.equals(CITY)
                        ? Optional.of(new Drop(new Flow(Zone.INTERNET, Zone.LGWAN), user.organisation()))
                        : Optional.empty();
            case STAFF -> {
                if (destination.equals(MYNUMBER)) {
                    yield Optional.of(new Drop(new Flow(Zone.LGWAN, Zone.MYNUMBER), user.organisation()));
                }
                if (destination.startsWith(PARTNER)
                        && accounts.partnerOrganisations().contains(destination.substring(PARTNER.length()))) {
                    yield Optional.of(
                            new Drop(new Flow(Zone.LGWAN, Zone.INTERNET), destination.substring(PARTNER.length())));
                }
                yield Optional.empty();
            }
            case OFFICER, ADMIN, MYNUMBER -> Optional.empty();
        };
    }

    private record Drop(Flow flow, String organisation) {}

    @Override
    public Upload.Start startUpload(User user, String destination, String rawName) {
        Optional<Drop> drop = drop(user, destination);
        if (drop.isEmpty()) {
            return new Upload.Start.Refused(
                    "DESTINATION_NOT_ALLOWED", "この送り先には送れません。", "You may not send files to this destination.");
        }
        String zone = user.role().zone().word();
        return switch (FileNames.canonical(rawName)) {
            case FileNames.Result.Invalid invalid -> {
                audit.append(new AuditEvent(
                        AuditType.UPLOAD_REFUSED,
                        user.name(),
                        zone,
                        "",
                        Map.of("reason", invalid.code(), "name", Escape.forReport(rawName), "protocol", "https")));
                yield new Upload.Start.Refused(invalid.code(), invalid.ja(), invalid.en());
            }
            case FileNames.Result.Valid valid -> {
                try {
                    yield new Upload.Start.Ready(new StoreUpload(user, drop.get(), valid.name(), blobs.create()));
                } catch (DiskFull full) {
                    audit.append(new AuditEvent(
                            AuditType.UPLOAD_REFUSED,
                            user.name(),
                            zone,
                            "",
                            Map.of("reason", DiskFull.CODE, "name", valid.name(), "protocol", "https")));
                    yield new Upload.Start.Refused(DiskFull.CODE, full.japanese(), full.english());
                } catch (IOException e) {
                    yield new Upload.Start.Refused(
                            "STORE_UNAVAILABLE",
                            "保存先に書き込めません。時間をおいてやり直してください。",
                            "The store cannot be written to. Please try again later.");
                }
            }
        };
    }

    /** An upload streaming into the encrypted store; only {@link #commit()} creates the item. */
    private final class StoreUpload implements Upload {
        private final User user;
        private final Drop drop;
        private final String name;
        private final BlobStore.BlobWriter writer;

        StoreUpload(User user, Drop drop, String name, BlobStore.BlobWriter writer) {
            this.user = user;
            this.drop = drop;
            this.name = name;
            this.writer = writer;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                writer.write(bytes, offset, length);
            } catch (DiskFull full) {
                throw new Upload.Stopped(DiskFull.CODE, full.japanese(), full.english());
            }
        }

        @Override
        public long written() {
            return writer.written();
        }

        @Override
        public ItemView commit() throws IOException {
            TransferItem item = pipeline.receive(
                    drop.flow(), user.name(), user.role().zone().word(), drop.organisation(), name, writer.commit());
            return views.view(item);
        }

        @Override
        public void abort() {
            drop(AuditType.UPLOAD_ABORTED);
        }

        @Override
        public void expire() {
            drop(AuditType.UPLOAD_EXPIRED);
        }

        @Override
        public void pause() throws IOException {
            writer.checkpoint();
        }

        private void drop(AuditType type) {
            try {
                writer.close();
            } catch (IOException e) {
                // The temp file is removed at the next start if closing failed; nothing entered the pipeline.
            }
            audit.append(new AuditEvent(
                    type,
                    user.name(),
                    user.role().zone().word(),
                    "",
                    Map.of("name", name, "protocol", "https", "bytes", String.valueOf(writer.written()))));
        }
    }

    @Override
    public List<ItemView> sent(User user) {
        if (user.role() != Role.PARTNER && user.role() != Role.STAFF) {
            return List.of();
        }
        return items.bySender(user.name()).stream().map(views::view).toList();
    }

    @Override
    public List<ItemView> received(User user) {
        List<TransferItem> inbox = new ArrayList<>(heldFor(user));
        inbox.addAll(inboxOf(user));
        return inbox.stream()
                .sorted(Comparator.comparing(TransferItem::updatedAt).reversed())
                .map(views::view)
                .toList();
    }

    /** Files for this user held because they are encrypted: the user may open them with the password (PPAP). */
    private List<TransferItem> heldFor(User user) {
        return switch (user.role()) {
            case PARTNER -> items.heldEncrypted(new Flow(Zone.LGWAN, Zone.INTERNET), Optional.of(user.organisation()));
            case STAFF -> items.heldEncrypted(new Flow(Zone.INTERNET, Zone.LGWAN), Optional.empty());
            case MYNUMBER -> items.heldEncrypted(new Flow(Zone.LGWAN, Zone.MYNUMBER), Optional.empty());
            case OFFICER, ADMIN -> List.of();
        };
    }

    private List<TransferItem> inboxOf(User user) {
        return switch (user.role()) {
            case PARTNER -> items.published(new Flow(Zone.LGWAN, Zone.INTERNET), Optional.of(user.organisation()));
            case STAFF -> items.published(new Flow(Zone.INTERNET, Zone.LGWAN), Optional.empty());
            case MYNUMBER -> items.published(new Flow(Zone.LGWAN, Zone.MYNUMBER), Optional.empty());
            case OFFICER, ADMIN -> List.of();
        };
    }

    /**
     * True if the user is a recipient of this delivered file. A shared-folder version has no
     * recipients here: it is read only through its folder, by its members.
     */
    private static boolean recipient(User user, TransferItem item) {
        if (item.state() != ItemState.PUBLISHED || item.inFolder()) {
            return false;
        }
        return switch (user.role()) {
            case PARTNER ->
                item.flow().equals(new Flow(Zone.LGWAN, Zone.INTERNET))
                        && item.organisation().equals(user.organisation());
            case STAFF -> item.flow().equals(new Flow(Zone.INTERNET, Zone.LGWAN));
            case MYNUMBER -> item.flow().equals(new Flow(Zone.LGWAN, Zone.MYNUMBER));
            case OFFICER, ADMIN -> false;
        };
    }

    @Override
    public Optional<ItemView> item(User user, String id) {
        return items.find(id)
                .filter(i ->
                        i.sender().equals(user.name()) || recipient(user, i) || unlocks.concerns(i.id(), user.name()))
                .map(views::view);
    }

    @Override
    public Optional<Download> download(User user, String id) {
        return items.find(id)
                .filter(i -> recipient(user, i))
                .map(i -> new Download(i.renditionName(), i.renditionSize(), i.renditionBlob(), offset -> {
                    InputStream in = blobs.open(new BlobId(i.renditionBlob()), offset);
                    return new CountingStream(in, bytes -> downloaded(user, i, offset, bytes));
                }));
    }

    /** Audits a download; one that reached the end (at once or by resuming) is recorded for the sender to see. */
    private void downloaded(User user, TransferItem item, long offset, long bytes) {
        if (offset + bytes >= item.renditionSize()) {
            items.recordDownload(item.id(), user.name(), "https");
        }
        audit.append(new AuditEvent(
                AuditType.ITEM_DOWNLOADED,
                user.name(),
                user.role().zone().word(),
                item.id(),
                Map.of(
                        "name",
                        item.renditionName(),
                        "bytes",
                        String.valueOf(bytes),
                        "from",
                        String.valueOf(offset),
                        "protocol",
                        "https")));
    }
}
