package jp.kakehashi.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.kakehashi.web.port.Accounts;
import jp.kakehashi.web.port.AuditTrail;
import jp.kakehashi.web.port.Destination;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.Transfers;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Zone;

/**
 * The web module's ports over plain in-memory values, for testing the portals without the
 * appliance (the appliance's own implementations are tested in its PortalIT).
 */
final class MemoryPorts implements Accounts, AuditTrail, Transfers {
    record Entry(String password, User user) {}

    final Map<String, Entry> accounts = new ConcurrentHashMap<>();
    final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<ItemView> items = Collections.synchronizedList(new ArrayList<>());
    final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    private final Clock clock;

    MemoryPorts(Clock clock) {
        this.clock = clock;
    }

    Ports ports() {
        return new Ports(this, this, this);
    }

    User add(String name, Role role, String org) {
        User u = new User(name, role, org);
        accounts.put(name, new Entry("correct horse battery", u));
        return u;
    }

    @Override
    public Optional<User> authenticate(String name, char[] password, Zone zone) {
        Entry e = accounts.get(name);
        if (e == null
                || !e.password().equals(new String(password))
                || e.user().role().zone() != zone) {
            return Optional.empty();
        }
        return Optional.of(e.user());
    }

    @Override
    public Optional<User> current(String name) {
        return Optional.ofNullable(accounts.get(name)).map(Entry::user);
    }

    @Override
    public Optional<byte[]> totpSecret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    @Override
    public void enrolTotp(String name, byte[] secret) {
        secrets.put(name, secret);
        events.add("enrolled " + name);
    }

    @Override
    public void signedIn(User user, Zone zone, String source) {
        events.add("signed-in " + user.name() + " " + zone.word());
    }

    @Override
    public void signInRefused(String name, Zone zone, String source, String why) {
        events.add("refused " + name + " " + zone.word() + " " + why);
    }

    @Override
    public void signedOut(User user, Zone zone, String why) {
        events.add("signed-out " + user.name() + " " + why);
    }

    @Override
    public List<Destination> destinations(User user) {
        return user.role() == Role.PARTNER ? List.of(new Destination("city", "市役所", "City")) : List.of();
    }

    @Override
    public Upload.Start startUpload(User user, String destination, String name) {
        if (!destination.equals("city") || user.role() != Role.PARTNER) {
            return new Upload.Start.Refused("DESTINATION_NOT_ALLOWED", "送れません", "not allowed");
        }
        if (name.contains("/")) {
            return new Upload.Start.Refused("NAME_INVALID", "名前が不正", "bad name");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return new Upload.Start.Ready(new Upload() {
            @Override
            public void write(byte[] b, int offset, int length) {
                bytes.write(b, offset, length);
            }

            @Override
            public long written() {
                return bytes.size();
            }

            @Override
            public ItemView commit() {
                String id = String.format("%024x", items.size() + 1);
                ItemView v = item(id, name, user, Stage.RECEIVED);
                items.add(v);
                contents.put(id, bytes.toByteArray());
                return v;
            }

            @Override
            public void abort() {
                events.add("aborted " + name);
            }
        });
    }

    ItemView item(String id, String name, User sender, Stage stage) {
        return new ItemView(
                id,
                name,
                sender.name(),
                sender.organisation(),
                Zone.INTERNET,
                Zone.LGWAN,
                0,
                stage,
                Optional.empty(),
                "",
                "",
                List.of(),
                name,
                clock.instant(),
                clock.instant(),
                Optional.empty(),
                Optional.empty());
    }

    /** Makes {@link #sent} fail, as a broken store would. */
    volatile boolean storeBroken;

    @Override
    public List<ItemView> sent(User user) {
        if (storeBroken) {
            throw new IllegalStateException("disk /var/lib/kakehashi/secret-path is on fire");
        }
        return items.stream().filter(i -> i.sender().equals(user.name())).toList();
    }

    @Override
    public List<ItemView> received(User user) {
        return user.role() == Role.STAFF
                ? items.stream().filter(i -> i.stage() == Stage.DELIVERED).toList()
                : List.of();
    }

    @Override
    public Optional<ItemView> item(User user, String id) {
        return items.stream()
                .filter(i -> i.id().equals(id))
                .filter(i -> i.sender().equals(user.name()) || received(user).contains(i))
                .findFirst();
    }

    @Override
    public Optional<Download> download(User user, String id) {
        return received(user).stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .map(i -> new Download(
                        i.deliveredAs(),
                        contents.getOrDefault(id, new byte[0]).length,
                        () -> new ByteArrayInputStream(contents.getOrDefault(id, new byte[0]))));
    }
}
