package jp.kakehashi.appliance.sftp;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.config.ResumableUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP uploads not handed on yet, of every account and session: an upload whose connection
 * dropped (resumed with {@code reput}, WinSCP's or FileZilla's resume) and one written under a
 * temporary name ({@code .filepart} by WinSCP's defaults, {@code .part}, {@code .tmp}) waiting for
 * its rename. Each is its owner's alone, and is discarded, audited, once idle for longer than the
 * configured time. They live in memory: a restart of the appliance discards them (the store's
 * start-up removes their files), and clients start such an upload over.
 */
public final class PartialUploads {
    private static final Logger log = LoggerFactory.getLogger(PartialUploads.class);

    /** The suffixes clients add while a file is on its way; lower case. */
    static final List<String> TEMPORARY_SUFFIXES = List.of(".filepart", ".part", ".tmp");

    private final ResumableUploads limits;
    private final Consumer<AuditEvent> audit;
    private final Clock clock;
    private final Map<Key, PartialUpload> partials = new HashMap<>();

    private record Key(String owner, List<String> folder, String name) {}

    public PartialUploads(ResumableUploads limits, Consumer<AuditEvent> audit, Clock clock) {
        this.limits = requireNonNull(limits, "limits");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The name a temporary name stands for, if it is one ({@code 図面.dwg.filepart} → {@code 図面.dwg}). */
    static Optional<String> finalName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : TEMPORARY_SUFFIXES) {
            if (lower.endsWith(suffix) && name.length() > suffix.length()) {
                return Optional.of(name.substring(0, name.length() - suffix.length()));
            }
        }
        return Optional.empty();
    }

    Instant now() {
        return Instant.now(clock);
    }

    /** The owner's upload of that name in that folder, if one is kept. */
    synchronized Optional<PartialUpload> find(String owner, List<String> folder, String name) {
        return Optional.ofNullable(partials.get(new Key(owner, List.copyOf(folder), name)));
    }

    /** The owner's uploads in that folder, for its listing; nobody else sees them. */
    synchronized List<PartialUpload> in(String owner, List<String> folder) {
        List<String> f = List.copyOf(folder);
        return partials.values().stream()
                .filter(p -> p.owner().equals(owner) && p.folder().equals(f))
                .toList();
    }

    /**
     * Keeps a new upload, held by the handle that opens it. An earlier one of the same name is
     * returned to be discarded when nobody writes to it; one still being written (a second
     * session) finishes on its own but can no longer be resumed.
     *
     * @throws TooManyPartials when the owner already has as many as allowed
     */
    synchronized Optional<PartialUpload> start(PartialUpload upload) throws TooManyPartials {
        Key key = new Key(upload.owner(), upload.folder(), upload.name());
        PartialUpload earlier = partials.get(key);
        long others = partials.values().stream()
                .filter(p -> p.owner().equals(upload.owner()) && p != earlier)
                .count();
        if (others >= limits.perAccount()) {
            throw new TooManyPartials(limits.perAccount());
        }
        partials.put(key, upload);
        if (earlier == null) {
            return Optional.empty();
        }
        if (earlier.held()) {
            earlier.detach();
            return Optional.empty();
        }
        return Optional.of(earlier);
    }

    /** Forgets {@code upload} if it is still the one kept under its name. */
    synchronized void remove(PartialUpload upload) {
        partials.remove(new Key(upload.owner(), upload.folder(), upload.name()), upload);
    }

    /** Discards, and audits, every upload nobody has written to for longer than the configured time. */
    public void expire() {
        Instant cutoff = now().minus(limits.keptFor());
        List<PartialUpload> idle = new ArrayList<>();
        synchronized (this) {
            partials.values().removeIf(p -> {
                boolean old = !p.held() && p.lastWrite().isBefore(cutoff);
                if (old) {
                    idle.add(p);
                }
                return old;
            });
        }
        for (PartialUpload p : idle) {
            try {
                p.sink().abort();
            } catch (IOException e) {
                log.warn("cannot remove the expired partial upload {} of {}", p.name(), p.owner(), e);
            }
            audit.accept(new AuditEvent(
                    AuditType.UPLOAD_EXPIRED,
                    p.owner(),
                    p.zone(),
                    "",
                    Map.of(
                            "name",
                            p.name(),
                            "folder",
                            "/" + String.join("/", p.folder()),
                            "bytes",
                            String.valueOf(p.size()),
                            "protocol",
                            "sftp")));
        }
    }

    /** The owner has as many kept uploads as allowed. */
    static final class TooManyPartials extends Exception {
        private static final long serialVersionUID = 1L;
        static final String CODE = "TOO_MANY_PARTIAL_UPLOADS";

        TooManyPartials(int limit) {
            super(CODE + ": 途中のアップロードが多すぎます（上限 " + limit
                    + " 件）。再開するか、完了を待ってください / too many unfinished uploads (at most " + limit
                    + "); resume or finish one first");
        }
    }
}
