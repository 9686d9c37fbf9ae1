package jp.kakehashi.appliance.ppap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.BlobStore;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.transfer.Drop;
import jp.kakehashi.appliance.transfer.Exchange;
import jp.kakehashi.appliance.transfer.Person;
import jp.kakehashi.sanitizer.DecryptResult;
import jp.kakehashi.sanitizer.Detection;
import jp.kakehashi.sanitizer.FileSanitizer;
import jp.kakehashi.sanitizer.Password;
import jp.kakehashi.sanitizer.ReasonCode;

/**
 * Opens a file held because it is encrypted, with the password its recipient or sender typed.
 * The opened copy enters the pipeline as a new file from the same sender (so it is scanned,
 * decided and disarmed like any other); the held file stays held. Five wrong passwords within an
 * hour, from anyone, close the file for the rest of that hour.
 */
public final class Unlocks {
    public static final int MAX_FAILURES = 5;
    public static final Duration FAILURE_WINDOW = Duration.ofHours(1);
    private static final String ENCRYPTED = "ENCRYPTED_CONTENT";

    private final Transactions db;
    private final UnlockStore store;
    private final Items items;
    private final Accounts accounts;
    private final BlobStore blobs;
    private final FileSanitizer sanitizer;
    private final Pipeline pipeline;
    private final AuditLog audit;
    private final Path work;
    private final Clock clock;

    public Unlocks(
            Transactions db,
            UnlockStore store,
            Items items,
            Accounts accounts,
            BlobStore blobs,
            FileSanitizer sanitizer,
            Pipeline pipeline,
            AuditLog audit,
            Path work,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.items = items;
        this.accounts = accounts;
        this.blobs = blobs;
        this.sanitizer = sanitizer;
        this.pipeline = pipeline;
        this.audit = audit;
        this.work = work;
        this.clock = clock;
    }

    /** Whether {@code actor} may try to open this item now (it is held encrypted and theirs). */
    public boolean mayUnlock(String itemId, String actor) {
        try {
            check(itemId, actor);
            return true;
        } catch (UnlockRefused e) {
            return false;
        }
    }

    /**
     * Whether this item is held encrypted and {@code actor} is its sender or recipient, so they see
     * it (and why it waits) even after it was opened or closed for too many wrong passwords.
     */
    public boolean concerns(String itemId, String actor) {
        try {
            heldFor(itemId, actor);
            return true;
        } catch (UnlockRefused e) {
            return false;
        }
    }

    /** The item the opened copy became, once someone typed the right password. */
    public Optional<String> openedAs(String itemId) {
        return db.reading(tx -> store.openedAs(tx, itemId));
    }

    /**
     * Opens the held file with {@code password} and hands the opened copy to the pipeline.
     *
     * @return the new item
     * @throws UnlockRefused with the reason, when it is not opened
     */
    public TransferItem unlock(String itemId, String actor, Password password) {
        TransferItem held = check(itemId, actor);
        if (password.isEmpty()) {
            throw new UnlockRefused(UnlockRefused.Reason.PASSWORD_REQUIRED, "");
        }
        Path dir = work.resolve("unlock-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            Path original = dir.resolve("original");
            try (InputStream in = blobs.open(new BlobId(held.originalBlob()));
                    OutputStream out = Files.newOutputStream(original)) {
                in.transferTo(out);
            }
            Detection detection = sanitizer.detect(original, held.name());
            DecryptResult result = sanitizer.decrypt(original, detection, password, dir);
            return switch (result) {
                case DecryptResult.Decrypted d -> opened(held, actor, d.output());
                case DecryptResult.NotEncrypted n ->
                    failed(held, actor, UnlockRefused.Reason.CANNOT_OPEN, "not encrypted");
                case DecryptResult.Refused r ->
                    r.reason().code() == ReasonCode.WRONG_PASSWORD
                            ? failed(held, actor, UnlockRefused.Reason.WRONG_PASSWORD, "")
                            : failed(
                                    held,
                                    actor,
                                    UnlockRefused.Reason.CANNOT_OPEN,
                                    r.reason().code().name());
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open item " + itemId + " for unlocking", e);
        } finally {
            delete(dir);
        }
    }

    private TransferItem check(String itemId, String actor) {
        TransferItem item = heldFor(itemId, actor);
        if (openedAs(itemId).isPresent()) {
            throw new UnlockRefused(UnlockRefused.Reason.ALREADY_UNLOCKED, itemId);
        }
        Instant since = Instant.now(clock).minus(FAILURE_WINDOW);
        int failures = db.reading(tx -> store.wrongPasswordsSince(tx, itemId, since));
        if (failures >= MAX_FAILURES) {
            throw new UnlockRefused(UnlockRefused.Reason.TOO_MANY_ATTEMPTS, itemId);
        }
        return item;
    }

    private TransferItem heldFor(String itemId, String actor) {
        TransferItem item =
                items.find(itemId).orElseThrow(() -> new UnlockRefused(UnlockRefused.Reason.NO_SUCH_ITEM, itemId));
        Optional<Account> account = accounts.find(actor).filter(a -> !a.disabled());
        if (account.isEmpty() || !entitled(account.get(), item)) {
            throw new UnlockRefused(UnlockRefused.Reason.NOT_YOURS, actor);
        }
        boolean held = (item.state() == ItemState.QUARANTINED || item.state() == ItemState.BLOCKED)
                && ENCRYPTED.equals(item.reasonCode());
        if (!held) {
            throw new UnlockRefused(
                    UnlockRefused.Reason.NOT_HELD_ENCRYPTED, item.state().name());
        }
        return item;
    }

    /** The sender, or the person it is addressed to ({@link Exchange#addressedTo}). */
    static boolean entitled(Account a, TransferItem item) {
        if (item.inFolder()) {
            // An opened copy would be a new item outside the folder; a member uploads it unencrypted instead.
            return false;
        }
        return a.name().equals(item.sender()) || Exchange.addressedTo(Person.of(a), item);
    }

    private TransferItem opened(TransferItem held, String actor, Path plain) throws IOException {
        BlobStore.BlobWriter writer = blobs.create();
        try (InputStream in = Files.newInputStream(plain)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                writer.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        TransferItem opened = pipeline.receive(
                new Drop(held.flow(), held.organisation(), held.department(), held.recipient()),
                held.sender(),
                held.flow().from().word(),
                held.name(),
                writer.commit(),
                items.note(held.id()));
        record(held.id(), actor, new UnlockStore.Outcome.Opened(opened.id()));
        audit.append(new AuditEvent(
                AuditType.ITEM_UNLOCKED, actor, "", held.id(), Map.of("opened", opened.id(), "name", held.name())));
        return opened;
    }

    private TransferItem failed(TransferItem held, String actor, UnlockRefused.Reason reason, String detail) {
        record(held.id(), actor, new UnlockStore.Outcome.Failed(reason));
        audit.append(new AuditEvent(
                AuditType.ITEM_UNLOCK_FAILED, actor, "", held.id(), Map.of("reason", reason.name(), "detail", detail)));
        throw new UnlockRefused(reason, detail);
    }

    private void record(String item, String actor, UnlockStore.Outcome outcome) {
        db.writing(tx -> {
            store.record(tx, item, actor, Instant.now(clock), outcome);
            return Boolean.TRUE;
        });
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left for the start-up sweep of the work directory; nothing in it is needed.
        }
    }
}
