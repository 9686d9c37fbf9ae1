package jp.kakehashi.appliance.notify;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.ApprovalStore;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditFollower;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.folders.FileVersion;
import jp.kakehashi.appliance.folders.Folder;
import jp.kakehashi.appliance.folders.FolderFile;
import jp.kakehashi.appliance.folders.FolderStore;
import jp.kakehashi.appliance.folders.Member;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.IdentityStore;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemStore;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.appliance.transfer.Parties;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.web.pages.Format;

/**
 * Which audited events concern whom, and the notice each is told: a delivered file to its
 * recipients (the addressed 課's staff, the partner organisation, the My Number users), an
 * approval request to those who may decide it, a decision to the file's sender with the
 * approver's comment, a quarantine to the security officers, a shared folder's new version to its
 * members. Only people with an address who
 * want notices are told; the notice names the file and links to the portal, never carries it.
 */
public final class Notices implements AuditFollower {
    static final String SIGNATURE = "\n\n-- \n架け橋 (Kakehashi) からの自動通知です。このメールに返信しないでください。\n"
            + "An automatic notice from Kakehashi; please do not reply.\n";

    private final ItemStore items;
    private final FolderStore folders;
    private final IdentityStore identity;
    private final ApprovalStore approvalStore;
    private final Approvals approvals;
    private final MailStore mail;
    private final Names names;
    private final Function<Zone, String> portalUrl;
    private final Clock clock;

    /** @param portalUrl the portal's address on a zone, as its people open it ({@code https://host:port}) */
    public Notices(
            ItemStore items,
            FolderStore folders,
            IdentityStore identity,
            ApprovalStore approvalStore,
            Approvals approvals,
            MailStore mail,
            Names names,
            Function<Zone, String> portalUrl,
            Clock clock) {
        this.items = requireNonNull(items, "items");
        this.folders = requireNonNull(folders, "folders");
        this.identity = requireNonNull(identity, "identity");
        this.approvalStore = requireNonNull(approvalStore, "approvalStore");
        this.approvals = requireNonNull(approvals, "approvals");
        this.mail = requireNonNull(mail, "mail");
        this.names = requireNonNull(names, "names");
        this.portalUrl = requireNonNull(portalUrl, "portalUrl");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The events anyone is told of; the rest (most of the trail) cost nothing here. */
    private static final Set<AuditType> TOLD = EnumSet.of(
            AuditType.ITEM_PUBLISHED,
            AuditType.APPROVAL_REQUESTED,
            AuditType.APPROVAL_GIVEN,
            AuditType.APPROVAL_REJECTED,
            AuditType.ITEM_QUARANTINED);

    @Override
    public void follow(Tx tx, AuditEvent event) {
        if (!TOLD.contains(event.type())) {
            return;
        }
        Optional<TransferItem> item = event.item().isEmpty() ? Optional.empty() : items.find(tx, event.item());
        if (item.isEmpty()) {
            return;
        }
        TransferItem i = item.get();
        if (i.inFolder()) {
            if (event.type() == AuditType.ITEM_PUBLISHED) {
                newVersion(tx, i);
            }
            return;
        }
        switch (event.type()) {
            case ITEM_PUBLISHED -> delivered(tx, i);
            case APPROVAL_REQUESTED -> requested(tx, i, event.data());
            case APPROVAL_GIVEN -> {
                if ("true".equals(event.data().get("complete"))) {
                    decided(tx, i, event, true);
                }
            }
            case APPROVAL_REJECTED -> decided(tx, i, event, false);
            case ITEM_QUARANTINED -> quarantined(tx, i, event.data());
            default -> {}
        }
    }

    private void delivered(Tx tx, TransferItem i) {
        Map<String, Contact> to = switch (i.flow().to()) {
            // A file addressed to no department has no one to tell in particular.
            case LGWAN -> {
                Map<String, Contact> staff =
                        i.department().isPresent() ? identity.reachable(tx, Role.STAFF, i.department()) : Map.of();
                // A file for one person is told to that person alone.
                yield i.recipient()
                        .map(r -> staff.containsKey(r)
                                ? Map.of(r, staff.getOrDefault(r, Contact.NONE))
                                : Map.<String, Contact>of())
                        .orElse(staff);
            }
            case INTERNET -> identity.reachable(tx, Role.PARTNER, Optional.of(i.organisation()));
            case MYNUMBER -> identity.reachable(tx, Role.MYNUMBER, Optional.empty());
        };
        Parties.Named from = Parties.sentBy(i, names);
        Parties.Named at = Parties.sentTo(i, names);
        String link = portalUrl.apply(i.flow().to()) + "/items/" + i.id();
        // The subject only: the message is read on the portal, with the file.
        String subject = items.note(tx, i.id())
                .filter(n -> !n.subject().isBlank())
                .map(n -> "件名: " + n.subject() + "\n")
                .orElse("");
        for (Contact contact : to.values()) {
            tell(
                    tx,
                    contact,
                    "【架け橋】ファイルが届きました / A file has arrived: " + i.renditionName(),
                    from.ja() + " さんから " + at.ja() + " あてのファイルが届きました。\n\n"
                            + subject
                            + "ファイル名: " + i.renditionName() + "\n"
                            + "大きさ: " + Format.size(i.renditionSize()) + "\n"
                            + "受け取り: " + link + "\n\n"
                            + "ファイルはこのメールに添付していません。ポータルにサインインして受け取ってください。\n\n"
                            + "A file from " + from.en() + " to " + at.en() + " has arrived: " + i.renditionName()
                            + "\nSign in to the portal to fetch it (it is not attached): " + link);
        }
    }

    /**
     * A shared folder's new version, once it can be fetched, to the folder's members who follow it
     * by wanting notices (each as often as they chose), never to its author.
     */
    private void newVersion(Tx tx, TransferItem i) {
        for (long fileId : folders.filesHolding(tx, i.id())) {
            Optional<FolderFile> file = folders.file(tx, fileId);
            Optional<Folder> folder = file.flatMap(f -> folders.folder(tx, f.folder()));
            Optional<FileVersion> version = folders.versions(tx, fileId).stream()
                    .filter(v -> v.item().equals(i.id()))
                    .findFirst();
            if (file.isEmpty() || folder.isEmpty() || version.isEmpty()) {
                continue;
            }
            Instant now = Instant.now(clock);
            Map<String, Zone> told = new TreeMap<>();
            for (Member m : folders.members(tx, folder.get().id())) {
                if (!m.activeAt(now)) {
                    continue;
                }
                switch (m.kind()) {
                    case USER ->
                        identity.account(tx, m.who())
                                .filter(a -> !a.disabled())
                                .ifPresent(a -> told.put(a.name(), a.zone()));
                    case ORGANISATION ->
                        identity.reachable(tx, Role.PARTNER, Optional.of(m.who()))
                                .keySet()
                                .forEach(name -> told.put(name, Zone.INTERNET));
                }
            }
            told.remove(version.get().author());
            String author = names.person(version.get().author());
            String name = file.get().name();
            int number = version.get().number();
            for (Map.Entry<String, Zone> person : told.entrySet()) {
                String link = portalUrl.apply(person.getValue()) + "/folders/"
                        + folder.get().id();
                tell(
                        tx,
                        identity.contact(tx, person.getKey()),
                        "【架け橋】共有フォルダ「" + folder.get().name() + "」に新しい版 / New version: " + name,
                        author + " さんが共有フォルダ「" + folder.get().name() + "」の「" + name + "」に第" + number
                                + "版を追加しました。\n\n"
                                + "フォルダを開く: " + link + "\n\n"
                                + author + " added version " + number + " of " + name + " to the shared folder "
                                + folder.get().name() + ": " + link);
            }
        }
    }

    private void requested(Tx tx, TransferItem i, Map<String, String> data) {
        long id;
        try {
            id = Long.parseLong(data.getOrDefault("request", ""));
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ApprovalRequest> r = approvalStore.request(tx, id);
        if (r.isEmpty() || r.get().originalRequest().isPresent()) {
            return; // an original's release is asked for on the originals page, by its own people
        }
        Map<String, Contact> staff = identity.reachable(tx, Role.STAFF, Optional.empty());
        Instant now = Instant.now(clock);
        Parties.Named from = Parties.sentBy(i, names);
        Parties.Named at = Parties.sentTo(i, names);
        String link = portalUrl.apply(Zone.LGWAN) + "/approvals/" + id;
        for (String name : approvals.mayDecideIn(tx, r.get(), staff.keySet(), now)) {
            tell(
                    tx,
                    staff.getOrDefault(name, Contact.NONE),
                    "【架け橋】承認の依頼 / Approval requested: " + i.renditionName(),
                    from.ja() + " さんが " + at.ja() + " へ送るファイルの承認を求めています。\n\n"
                            + "ファイル名: " + i.renditionName() + "\n"
                            + "承認期限（過ぎると却下扱い）: " + Format.time(r.get().expiresAt()) + "\n"
                            + "確認して判断する: " + link + "\n\n"
                            + from.en() + " asks for your approval to send " + i.renditionName() + " to " + at.en()
                            + ".\nDecide before " + Format.time(r.get().expiresAt()) + ": " + link);
        }
    }

    private void decided(Tx tx, TransferItem i, AuditEvent event, boolean approved) {
        Optional<ApprovalRequest> r = Optional.ofNullable(event.data().get("request"))
                .filter(s -> s.matches("[0-9]{1,18}"))
                .flatMap(s -> approvalStore.request(tx, Long.parseLong(s)));
        if (r.isEmpty() || r.get().originalRequest().isPresent()) {
            return;
        }
        Contact sender = identity.contact(tx, i.sender());
        if (sender.reachable().isEmpty()) {
            return;
        }
        String comment = event.data().getOrDefault("comment", "");
        String link = portalUrl.apply(i.flow().from()) + "/items/" + i.id();
        String ja = approved ? "承認されました" : "却下されました";
        String en = approved ? "approved" : "rejected";
        tell(
                tx,
                sender,
                "【架け橋】" + ja + " / " + en + ": " + i.renditionName(),
                "送ったファイル「" + i.renditionName() + "」の承認依頼が" + ja + "。\n\n"
                        + "判断した人: " + names.person(event.actor()) + "\n"
                        + (comment.isBlank() ? "" : "コメント: " + comment + "\n")
                        + (approved ? "ファイルは送り先に渡されます。\n" : "ファイルは送り先に渡りません。\n")
                        + "詳しく: " + link + "\n\n"
                        + "Your file " + i.renditionName() + " was " + en + " by " + names.person(event.actor())
                        + (comment.isBlank() ? "" : " (\"" + comment + "\")") + ": " + link);
    }

    private void quarantined(Tx tx, TransferItem i, Map<String, String> data) {
        Parties.Named from = Parties.sentBy(i, names);
        String link = portalUrl.apply(Zone.LGWAN) + "/quarantine/" + i.id();
        String reason = data.getOrDefault("reason", data.getOrDefault("code", ""));
        for (Contact officer :
                identity.reachable(tx, Role.OFFICER, Optional.empty()).values()) {
            tell(
                    tx,
                    officer,
                    "【架け橋】ファイルを隔離しました / A file was quarantined: " + i.name(),
                    from.ja() + " さんが送ったファイルを隔離しました。\n\n"
                            + "ファイル名: " + i.name() + "\n"
                            + (reason.isEmpty() ? "" : "理由: " + reason + "\n")
                            + "確認する: " + link + "\n\n"
                            + "A file from " + from.en() + " was quarantined: " + i.name() + "\n" + link);
        }
    }

    /** Queues the notice for the person's address: to go at once, or to wait for their day's digest. */
    private void tell(Tx tx, Contact contact, String subject, String body) {
        Optional<String> address = contact.reachable();
        if (address.isPresent()) {
            // A digest carries the signature once, at its end.
            String text = contact.daily() ? body : body + SIGNATURE;
            mail.enqueue(tx, new Notice(address.get(), subject, text), Instant.now(clock), contact.daily());
        }
    }
}
