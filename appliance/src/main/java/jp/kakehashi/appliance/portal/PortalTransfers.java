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
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.CoverNote;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.FileNames;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.ppap.Unlocks;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.DiskFull;
import jp.kakehashi.appliance.transfer.Address;
import jp.kakehashi.appliance.transfer.Drop;
import jp.kakehashi.appliance.transfer.Exchange;
import jp.kakehashi.appliance.transfer.Person;
import jp.kakehashi.sanitizer.Escape;
import jp.kakehashi.sanitizer.Receipts;
import jp.kakehashi.web.port.Destination;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Note;
import jp.kakehashi.web.port.Transfers;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;

/**
 * The portals' view of transfer items: the exchange's rules ({@link Exchange}) in the portal's
 * words — its destinations are the addresses a person may send to, its inbox what is delivered to
 * them. Uploads go to the same pipeline as SFTP uploads.
 */
public final class PortalTransfers implements Transfers {
    private static final String CITY = "city";
    private static final String MYNUMBER = "mynumber";
    private static final String PARTNER = "partner:";
    private static final String DEPARTMENT = "department:";
    private static final String PERSON = "person:";

    private final Exchange exchange;
    private final Names names;
    private final Items items;
    private final BlobStore blobs;
    private final Pipeline pipeline;
    private final AuditLog audit;
    private final Unlocks unlocks;
    private final ItemViews views;

    public PortalTransfers(
            Exchange exchange,
            Names names,
            Items items,
            ItemViews views,
            BlobStore blobs,
            Pipeline pipeline,
            AuditLog audit,
            Unlocks unlocks) {
        this.exchange = exchange;
        this.names = names;
        this.items = items;
        this.unlocks = unlocks;
        this.views = views;
        this.blobs = blobs;
        this.pipeline = pipeline;
        this.audit = audit;
    }

    @Override
    public List<Destination> destinations(User user) {
        return exchange.addresses(person(user)).stream().map(this::destination).toList();
    }

    /** An address as the send page offers it: a stable value and its names. */
    private Destination destination(Address address) {
        return switch (address) {
            case Address.City c -> new Destination(CITY, "市役所（課を指定しない）", "The city (no department named)");
            case Address.Department d -> {
                String name = names.department(d.id());
                yield new Destination(DEPARTMENT + d.id(), name, name);
            }
            case Address.Person one -> {
                String name = names.person(one.account()) + "（" + names.department(one.department()) + "）";
                yield new Destination(PERSON + one.department() + ":" + one.account(), "　" + name, "  " + name);
            }
            case Address.Partner p -> {
                String name = names.organisation(p.organisation());
                yield new Destination(PARTNER + p.organisation(), name, name);
            }
            case Address.MyNumber m -> new Destination(MYNUMBER, "マイナンバー利用事務系", "My Number zone");
        };
    }

    /** The address a destination value from the send page names, if it names one. */
    private static Optional<Address> address(String destination) {
        if (destination.equals(CITY)) {
            return Optional.of(new Address.City());
        }
        if (destination.equals(MYNUMBER)) {
            return Optional.of(new Address.MyNumber());
        }
        if (destination.startsWith(PERSON)) {
            String[] parts = destination.substring(PERSON.length()).split(":", 2);
            return parts.length == 2 ? Optional.of(new Address.Person(parts[0], parts[1])) : Optional.empty();
        }
        if (destination.startsWith(DEPARTMENT)) {
            return Optional.of(new Address.Department(destination.substring(DEPARTMENT.length())));
        }
        return destination.startsWith(PARTNER)
                ? Optional.of(new Address.Partner(destination.substring(PARTNER.length())))
                : Optional.empty();
    }

    /** The signed-in user as the exchange's rules see them. */
    static Person person(User user) {
        return new Person(user.name(), Role.valueOf(user.role().name()), user.organisation());
    }

    @Override
    public Upload.Start startUpload(User user, String destination, String rawName, Note written) {
        Optional<Drop> drop = address(destination).flatMap(to -> exchange.drop(person(user), to));
        if (drop.isEmpty()) {
            return new Upload.Start.Refused(
                    "DESTINATION_NOT_ALLOWED", "この送り先には送れません。", "You may not send files to this destination.");
        }
        Optional<CoverNote> note;
        try {
            note = Optional.of(new CoverNote(written.subject(), written.message()))
                    .filter(n -> !n.isEmpty());
        } catch (IllegalArgumentException e) {
            return new Upload.Start.Refused(
                    "NOTE_INVALID",
                    "件名は改行なしの" + CoverNote.SUBJECT_MAX + "文字以内、メッセージは" + CoverNote.MESSAGE_MAX + "文字以内にしてください。",
                    "The subject must be one line of at most " + CoverNote.SUBJECT_MAX
                            + " characters, the message at most " + CoverNote.MESSAGE_MAX + ".");
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
                    yield new Upload.Start.Ready(new StoreUpload(user, drop.get(), valid.name(), note, blobs.create()));
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
        private final Optional<CoverNote> note;
        private final BlobStore.BlobWriter writer;

        StoreUpload(User user, Drop drop, String name, Optional<CoverNote> note, BlobStore.BlobWriter writer) {
            this.user = user;
            this.drop = drop;
            this.name = name;
            this.note = note;
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
            TransferItem item =
                    pipeline.receive(drop, user.name(), user.role().zone().word(), name, writer.commit(), note);
            return views.view(item, Receipts.Reader.SENDER);
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
        if (!Exchange.sends(person(user))) {
            return List.of();
        }
        return items.bySender(user.name()).stream()
                .map(i -> views.view(i, Receipts.Reader.SENDER))
                .toList();
    }

    @Override
    public List<ItemView> received(User user) {
        Person person = person(user);
        List<TransferItem> inbox = new ArrayList<>(exchange.heldFor(person));
        inbox.addAll(exchange.inbox(person));
        return inbox.stream()
                .sorted(Comparator.comparing(TransferItem::updatedAt).reversed())
                .map(i -> views.view(i, Receipts.Reader.RECIPIENT))
                .toList();
    }

    @Override
    public Optional<ItemView> item(User user, String id) {
        return items.find(id)
                .filter(i -> i.sender().equals(user.name())
                        || Exchange.isRecipient(person(user), i)
                        || unlocks.concerns(i.id(), user.name()))
                .map(i -> views.view(
                        i, i.sender().equals(user.name()) ? Receipts.Reader.SENDER : Receipts.Reader.RECIPIENT));
    }

    @Override
    public Optional<Download> download(User user, String id) {
        return items.find(id)
                .filter(i -> Exchange.isRecipient(person(user), i))
                .map(i -> new Download(i.renditionName(), i.renditionSize(), i.renditionBlob(), offset -> {
                    InputStream in = blobs.open(new BlobId(i.renditionBlob()), offset);
                    return new CountingStream(
                            in, bytes -> exchange.downloaded(person(user), i, offset, bytes, "https"));
                }));
    }
}
