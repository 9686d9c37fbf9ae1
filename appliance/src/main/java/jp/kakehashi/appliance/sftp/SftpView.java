package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderRefused;
import jp.kakehashi.appliance.folders.FolderRole;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.originals.Originals;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.transfer.Address;
import jp.kakehashi.appliance.transfer.Drop;
import jp.kakehashi.appliance.transfer.Exchange;
import jp.kakehashi.appliance.transfer.Person;
import jp.kakehashi.policies.Zone;

/**
 * One account's virtual tree, computed from its rights each time it is read:
 *
 * <pre>
 * partner (internet)        staff (LGWAN)                       My Number
 *   /to-city/&lt;課&gt;/[&lt;氏名&gt;/]  drop  /from-partners/&lt;org&gt;/  read     /from-lgwan/  read
 *   /from-city/  read      /to-partners/&lt;org&gt;/    drop
 *   /receipts/   read      /to-mynumber/           drop
 *   /shared/&lt;folder&gt;/       /receipts/              read
 *       read + write       /originals/             read  (released to this person alone)
 *                          /shared/&lt;folder&gt;/  read + write
 * </pre>
 *
 * <p>{@code /to-city/} holds a drop folder for each department (課) the partner may address, by
 * its id, and in it a drop folder for each of its staff by 氏名, for a file meant for that person
 * alone; a partner the city linked to no department may also drop into {@code /to-city/}
 * itself, for the reception. {@code /from-partners/} lists only the organisations the reader's
 * department works with, each with only the files addressed to that department.
 *
 * <p>{@code /shared/} holds the 共有フォルダ the account is a member of now, each file as the
 * version its zone may see; writing a file there is a new version based on the newest one the
 * writer has seen, and a newer one written meanwhile is refused, with the reason, as a conflict.
 */
final class SftpView {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.of("Asia/Tokyo"));
    static final String TO_CITY = "to-city";
    static final String FROM_CITY = "from-city";
    static final String RECEIPTS = "receipts";
    static final String FROM_PARTNERS = "from-partners";
    static final String TO_PARTNERS = "to-partners";
    static final String TO_MYNUMBER = "to-mynumber";
    static final String FROM_LGWAN = "from-lgwan";
    static final String ORIGINALS = "originals";
    static final String SHARED = "shared";

    private final Account account;
    private final Person person;
    private final SftpBackend backend;

    SftpView(Account account, SftpBackend backend) {
        this.account = account;
        this.person = Person.of(account);
        this.backend = backend;
    }

    Account account() {
        return account;
    }

    Optional<Node> lookup(List<String> names) {
        if (names.isEmpty()) {
            return Optional.of(folder("", false));
        }
        List<String> parent = names.subList(0, names.size() - 1);
        String last = names.get(names.size() - 1);
        try {
            return list(parent).stream().filter(n -> n.name().equals(last)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The children of a folder. */
    List<Node> list(List<String> names) throws IOException {
        if (!names.isEmpty() && names.get(0).equals(SHARED) && account.zone() != Zone.MYNUMBER) {
            return shared(names);
        }
        List<String> orgs = names.size() == 1
                        && (names.get(0).equals(FROM_PARTNERS) || names.get(0).equals(TO_PARTNERS))
                ? exchange().partners(person)
                : List.of();
        return switch (account.zone()) {
            case INTERNET ->
                switch (names.size()) {
                    case 0 ->
                        List.of(
                                folder(TO_CITY, true),
                                folder(FROM_CITY, false),
                                folder(RECEIPTS, false),
                                folder(SHARED, false));
                    case 1 ->
                        switch (names.get(0)) {
                            case TO_CITY -> toCity(names);
                            case FROM_CITY -> delivered(exchange().inbox(person));
                            case RECEIPTS -> receipts();
                            default -> throw missing(names);
                        };
                    case 2 -> {
                        if (!names.get(0).equals(TO_CITY) || drop(names).isEmpty()) {
                            throw missing(names);
                        }
                        List<Node> inDepartment = new ArrayList<>();
                        people(names.get(1)).keySet().forEach(n -> inDepartment.add(folder(n, true)));
                        inDepartment.addAll(partials(names));
                        yield inDepartment;
                    }
                    case 3 -> {
                        if (!names.get(0).equals(TO_CITY) || drop(names).isEmpty()) {
                            throw missing(names);
                        }
                        yield partials(names);
                    }
                    default -> throw missing(names);
                };
            case LGWAN ->
                switch (names.size()) {
                    case 0 -> lgwanRoot();
                    case 1 ->
                        switch (names.get(0)) {
                            case FROM_PARTNERS ->
                                orgs.stream().map(o -> folder(o, false)).toList();
                            case TO_PARTNERS ->
                                orgs.stream().map(o -> folder(o, true)).toList();
                            case TO_MYNUMBER -> {
                                if (exchange()
                                        .drop(person, new Address.MyNumber())
                                        .isEmpty()) {
                                    throw missing(names);
                                }
                                yield partials(names);
                            }
                            case RECEIPTS -> receipts();
                            case ORIGINALS -> originals();
                            default -> throw missing(names);
                        };
                    case 2 -> {
                        if (!exchange().partners(person).contains(names.get(1))) {
                            throw missing(names);
                        }
                        yield switch (names.get(0)) {
                            case FROM_PARTNERS -> delivered(exchange().inboxFrom(person, names.get(1)));
                            case TO_PARTNERS -> partials(names);
                            default -> throw missing(names);
                        };
                    }
                    default -> throw missing(names);
                };
            case MYNUMBER ->
                switch (names.size()) {
                    case 0 -> List.of(folder(FROM_LGWAN, false));
                    case 1 -> {
                        if (!names.get(0).equals(FROM_LGWAN)) {
                            throw missing(names);
                        }
                        yield delivered(exchange().inbox(person));
                    }
                    default -> throw missing(names);
                };
        };
    }

    /**
     * The LGWAN side's root. The exchange's folders are there only for those the exchange lets
     * send and receive (staff); officers and administrators have their receipts, originals and
     * shared folders.
     */
    private List<Node> lgwanRoot() {
        List<Node> root = new ArrayList<>();
        if (Exchange.sends(person)) {
            root.add(folder(FROM_PARTNERS, false));
            root.add(folder(TO_PARTNERS, false));
            root.add(folder(TO_MYNUMBER, true));
        }
        root.addAll(List.of(folder(RECEIPTS, false), folder(ORIGINALS, false), folder(SHARED, false)));
        return root;
    }

    /**
     * {@code /to-city/}: a drop folder per department the partner may address, and the
     * unfinished uploads of its own drop when it may send without naming one.
     */
    private List<Node> toCity(List<String> names) throws IOException {
        List<Node> out = new ArrayList<>();
        exchange().departmentsFor(person.organisation()).forEach(d -> out.add(folder(d.id(), true)));
        if (drop(names).isPresent()) {
            out.addAll(partials(names));
        }
        return out;
    }

    /**
     * The people of a department this partner may address by name, by the folder each has under
     * {@code /to-city/<課>/}: their 氏名, with the account name added where two share one.
     */
    private Map<String, String> people(String department) {
        List<String> accounts = exchange().addresses(person).stream()
                .filter(a -> a instanceof Address.Person one && one.department().equals(department))
                .map(a -> ((Address.Person) a).account())
                .toList();
        Map<String, Long> shown = new HashMap<>();
        accounts.forEach(a -> shown.merge(shownName(a), 1L, Long::sum));
        Map<String, String> byFolder = new java.util.LinkedHashMap<>();
        for (String a : accounts) {
            String name = shownName(a);
            byFolder.put(shown.getOrDefault(name, 1L) > 1 ? name + " (" + a + ")" : name, a);
        }
        return byFolder;
    }

    private String shownName(String account) {
        String name = backend.accounts().displayName(account).orElse(account);
        // A folder name holds no slash; a 氏名 never should, but one typed with it still makes a folder.
        return name.replace('/', '／');
    }

    /** Where an upload into that folder goes, if it is a drop folder this account may send through. */
    Optional<Drop> drop(List<String> names) {
        return address(names).flatMap(to -> exchange().drop(person, to));
    }

    /** The address a drop folder stands for. */
    private Optional<Address> address(List<String> names) {
        return switch (account.zone()) {
            case INTERNET -> {
                if (names.equals(List.of(TO_CITY))) {
                    yield Optional.of(new Address.City());
                }
                if (names.size() == 3 && names.get(0).equals(TO_CITY)) {
                    yield Optional.ofNullable(people(names.get(1)).get(names.get(2)))
                            .map(account -> new Address.Person(names.get(1), account));
                }
                yield names.size() == 2 && names.get(0).equals(TO_CITY)
                        ? Optional.of(new Address.Department(names.get(1)))
                        : Optional.empty();
            }
            case LGWAN -> {
                if (names.equals(List.of(TO_MYNUMBER))) {
                    yield Optional.of(new Address.MyNumber());
                }
                yield names.size() == 2 && names.get(0).equals(TO_PARTNERS)
                        ? Optional.of(new Address.Partner(names.get(1)))
                        : Optional.empty();
            }
            case MYNUMBER -> Optional.empty();
        };
    }

    private Exchange exchange() {
        return backend.exchange();
    }

    /** {@code /shared/...}: the folders this account is a member of now, and what it may see in each. */
    private List<Node> shared(List<String> names) throws IOException {
        Folders folders = backend.folders();
        return switch (names.size()) {
            case 1 ->
                folders.visibleTo(account.name()).stream()
                        .map(f -> folder(
                                f.name(),
                                folders.access(account.name(), f.id())
                                        .filter(r -> r.allows(FolderRole.CONTRIBUTOR))
                                        .isPresent()))
                        .toList();
            case 2 -> {
                Folder folder = memberFolder(names.get(1)).orElseThrow(() -> missing(names));
                // The owner's unfinished uploads come first: a resuming client stats the name and
                // must find the partial at its size, not a published version of the same name.
                List<Node> leaves = new ArrayList<>(partials(names));
                Map<String, Integer> seen = new HashMap<>();
                for (Folders.Current file : folders.listing(account.name(), folder.id())) {
                    if (file.visible().isEmpty()) {
                        continue;
                    }
                    FileVersion v = file.visible().get();
                    Optional<TransferItem> item = backend.items().find(v.item());
                    if (item.isEmpty()) {
                        continue;
                    }
                    TransferItem i = item.get();
                    boolean original = v.servesOriginalTo(account.zone());
                    leaves.add(new Node.Leaf(
                            unique(original ? i.name() : i.renditionName(), seen),
                            v.createdAt(),
                            original ? i.size() : i.renditionSize(),
                            new Node.Source.Version(
                                    folder.id(),
                                    v.file(),
                                    v.number(),
                                    i.id(),
                                    original ? i.originalBlob() : i.renditionBlob())));
                }
                yield leaves;
            }
            default -> throw missing(names);
        };
    }

    /** This account's uploads kept in that folder (interrupted, or awaiting their rename), at their size. */
    private List<Node> partials(List<String> folder) {
        return backend.partials().in(account.name(), folder).stream()
                .map(p -> (Node) new Node.Leaf(p.name(), p.lastWrite(), p.size(), new Node.Source.Partial(!p.held())))
                .toList();
    }

    /** The folder of that name, if this account is a member now; otherwise it does not exist for them. */
    Optional<Folder> memberFolder(String name) {
        return backend.folders()
                .named(name)
                .filter(f -> backend.folders().access(account.name(), f.id()).isPresent());
    }

    SeekableByteChannel openRead(Node.Leaf leaf) throws IOException {
        return switch (leaf.source()) {
            case Node.Source.Text text -> new BytesChannel(text.bytes());
            case Node.Source.Partial partial ->
                throw new AccessDeniedException(
                        leaf.name(),
                        null,
                        "UPLOAD_NOT_FINISHED: 送信途中のファイルは読み出せません / an unfinished upload cannot be read");
            case Node.Source.Original original -> openOriginal(leaf.name(), original.request());
            case Node.Source.Version version -> openVersion(leaf, version);
            case Node.Source.Delivered delivered ->
                new DownloadChannel(
                        backend.blobs().openChannel(new BlobId(delivered.item().renditionBlob())),
                        (from, bytes) -> exchange().downloaded(person, delivered.item(), from, bytes, "sftp"));
        };
    }

    /**
     * A folder file's version, if this account is still a member at this instant (a member removed
     * after listing must not read on); a complete read becomes the basis of their next upload.
     */
    private SeekableByteChannel openVersion(Node.Leaf leaf, Node.Source.Version version) throws IOException {
        if (backend.folders().access(account.name(), version.folder()).isEmpty()) {
            throw new AccessDeniedException(
                    "/" + SHARED + "/" + leaf.name(),
                    null,
                    "NOT_A_MEMBER: " + FolderRefused.Reason.NOT_A_MEMBER.japanese() + " / "
                            + FolderRefused.Reason.NOT_A_MEMBER.english());
        }
        return new DownloadChannel(backend.blobs().openChannel(new BlobId(version.blobId())), (from, bytes) -> {
            if (from + bytes >= leaf.size()) {
                backend.folders().recordRead(account.name(), version.file(), version.number());
            }
            backend.audit()
                    .append(new AuditEvent(
                            AuditType.ITEM_DOWNLOADED,
                            account.name(),
                            account.zone().word(),
                            version.itemId(),
                            Map.of(
                                    "name",
                                    leaf.name(),
                                    "bytes",
                                    String.valueOf(bytes),
                                    "from",
                                    String.valueOf(from),
                                    "protocol",
                                    "sftp",
                                    "folder",
                                    String.valueOf(version.folder()),
                                    "version",
                                    String.valueOf(version.number()))));
        });
    }

    /** A released original, if it is still this account's at this instant; every download is audited. */
    private SeekableByteChannel openOriginal(String name, long request) throws IOException {
        Originals.Available available = backend.originals()
                .open(request, account.name())
                .orElseThrow(() -> new AccessDeniedException(
                        "/" + ORIGINALS + "/" + name, null, "the original is no longer available (取り出し期間が終わりました)"));
        TransferItem item = available.item();
        return new DownloadChannel(
                backend.blobs().openChannel(new BlobId(item.originalBlob())),
                (from, bytes) -> backend.audit()
                        .append(new AuditEvent(
                                AuditType.ORIGINAL_DOWNLOADED,
                                account.name(),
                                account.zone().word(),
                                item.id(),
                                Map.of(
                                        "request",
                                        String.valueOf(request),
                                        "name",
                                        name,
                                        "bytes",
                                        String.valueOf(bytes),
                                        "from",
                                        String.valueOf(from),
                                        "protocol",
                                        "sftp"))));
    }

    /** The originals released to this account, under the names they were sent with. */
    private List<Node> originals() {
        List<Node> leaves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Originals.Available a : backend.originals().availableTo(account.name())) {
            leaves.add(new Node.Leaf(
                    unique(a.item().name(), seen),
                    a.request().releasedAt().orElse(a.item().createdAt()),
                    a.item().size(),
                    new Node.Source.Original(a.request().id())));
        }
        return leaves;
    }

    /** Files delivered to this account, each under a name unique in the listing. */
    private List<Node> delivered(List<TransferItem> files) {
        List<Node> leaves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (TransferItem item : files) {
            String name = unique(item.renditionName(), seen);
            leaves.add(new Node.Leaf(name, item.updatedAt(), item.renditionSize(), new Node.Source.Delivered(item)));
        }
        return leaves;
    }

    private List<Node> receipts() {
        List<Node> leaves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (TransferItem item : backend.items().bySender(account.name())) {
            byte[] text = Receipt.render(item).getBytes(StandardCharsets.UTF_8);
            String name = unique(STAMP.format(item.createdAt()) + "_" + item.name() + ".txt", seen);
            leaves.add(new Node.Leaf(name, item.updatedAt(), text.length, new Node.Source.Text(text)));
        }
        return leaves;
    }

    /** Two published files with one name get {@code (2)}, {@code (3)}… before the extension. */
    private static String unique(String name, Map<String, Integer> seen) {
        int n = seen.merge(name.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        if (n == 1) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
    }

    private Node folder(String name, boolean writable) {
        return new Node.Folder(name, backend.started(), writable);
    }

    static NoSuchFileException missing(List<String> names) {
        return new NoSuchFileException("/" + String.join("/", names));
    }

    static NotDirectoryException notDirectory(List<String> names) {
        return new NotDirectoryException("/" + String.join("/", names));
    }
}
