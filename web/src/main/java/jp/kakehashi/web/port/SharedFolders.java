package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * 共有フォルダ as the portals see them. Every method answers only what the user may see at this
 * instant: a member removed a moment ago gets nothing, and each side sees the newest version
 * allowed to its zone.
 */
public interface SharedFolders {
    /** The folders the user is a member of now. */
    List<FolderView> folders(User user);

    /** A folder's files and members, if the user is a member now. */
    Optional<FolderPage> folder(User user, long folder);

    /** A file's history, if the user is a member of its folder now. */
    Optional<FilePage> file(User user, long file);

    /** Creates a folder, the user its first manager (staff only). */
    Answer create(User user, String name, String purpose, String department);

    /**
     * Adds a member or changes one's role or end date (managers only).
     *
     * @param kind {@code user} or {@code organisation}
     * @param role {@code viewer}, {@code contributor}, {@code editor} or {@code manager}
     */
    Answer setMember(User user, long folder, String kind, String who, String role, Optional<LocalDate> until);

    /** Removes a member; their access ends with this call, on every protocol. */
    Answer removeMember(User user, long folder, String kind, String who);

    /** Checks a file out for {@code length}; others cannot upload until it is released or runs out. */
    Answer lock(User user, long file, Duration length);

    Answer unlock(User user, long file);

    /** Brings an older version back as the newest, if the newest is still {@code basedOn}. */
    Answer restore(User user, long file, int number, int basedOn);

    /**
     * Starts a new version of {@code name} (a new file if there is none) based on {@code basedOn};
     * a stale base is refused here, before any byte is sent.
     */
    Start startVersion(User user, long folder, String name, OptionalInt basedOn);

    /** A version the user's zone may have: the original for a colleague's version, else the rendition. */
    Optional<Download> download(User user, long file, int number);

    /**
     * リンクで共有: a link on the internet portal to the file's newest version, which must already
     * be allowed out; shown once, with its URL.
     */
    ShareAnswer share(User user, long file, String recipient, int days, char[] password, int maxDownloads);

    Answer revokeLink(User user, long link);

    /** What a share link offers now, to anyone holding it (no sign-in). */
    LinkOffer offer(String token);

    /** Counts one download through a share link and hands over the file, or says why not. */
    LinkDownload fetch(String token, char[] password, String from);

    sealed interface ShareAnswer {
        record Shared(String url, Instant expiresAt) implements ShareAnswer {
            public Shared {
                requireNonNull(url, "url");
                requireNonNull(expiresAt, "expiresAt");
            }
        }

        record Refused(String code, String ja, String en) implements ShareAnswer {
            public Refused {
                requireNonNull(code, "code");
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }

    sealed interface LinkOffer {
        record Open(String name, long size, Instant expiresAt, int remaining, boolean passwordNeeded)
                implements LinkOffer {
            public Open {
                requireNonNull(name, "name");
                requireNonNull(expiresAt, "expiresAt");
            }
        }

        record Gone(String ja, String en) implements LinkOffer {
            public Gone {
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }

    sealed interface LinkDownload {
        record Ready(Download download) implements LinkDownload {
            public Ready {
                requireNonNull(download, "download");
            }
        }

        record Refused(String code, String ja, String en) implements LinkDownload {
            public Refused {
                requireNonNull(code, "code");
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }

    /**
     * A share link as its file's page lists it.
     *
     * @param active whether it still serves
     */
    record LinkView(
            long id,
            int version,
            String recipient,
            String createdBy,
            Instant createdAt,
            Instant expiresAt,
            int downloads,
            int maxDownloads,
            boolean passwordSet,
            boolean active,
            String stateJa,
            String stateEn) {
        public LinkView {
            requireNonNull(recipient, "recipient");
            requireNonNull(createdBy, "createdBy");
            requireNonNull(createdAt, "createdAt");
            requireNonNull(expiresAt, "expiresAt");
            requireNonNull(stateJa, "stateJa");
            requireNonNull(stateEn, "stateEn");
        }
    }

    /** A folder as listed. */
    record FolderView(
            long id, String name, String purpose, String department, String roleJa, String roleEn, Access access) {
        public FolderView {
            requireNonNull(name, "name");
            requireNonNull(purpose, "purpose");
            requireNonNull(department, "department");
            requireNonNull(roleJa, "roleJa");
            requireNonNull(roleEn, "roleEn");
            requireNonNull(access, "access");
        }
    }

    /** What the user's role lets them do, so a page offers only that. */
    enum Access {
        VIEW,
        ADD,
        EDIT,
        MANAGE;

        public boolean atLeast(Access other) {
            return compareTo(other) >= 0;
        }
    }

    record FolderPage(FolderView folder, List<FileRow> files, List<MemberView> members) {
        public FolderPage {
            requireNonNull(folder, "folder");
            files = List.copyOf(files);
            members = List.copyOf(members);
        }
    }

    /**
     * @param links the file's share links; shown to staff only
     */
    record FilePage(FolderView folder, FileRow file, List<VersionView> versions, List<LinkView> links) {
        public FilePage {
            requireNonNull(folder, "folder");
            requireNonNull(file, "file");
            versions = List.copyOf(versions);
            links = List.copyOf(links);
        }
    }

    /**
     * One file: the version the user may have now, and a newer one still on its way.
     *
     * @param latest the version a restore must name as its base: the newest one that counts
     */
    record FileRow(
            long id,
            String name,
            int latest,
            Optional<VersionView> visible,
            Optional<VersionView> pending,
            Optional<LockView> lock) {
        public FileRow {
            requireNonNull(name, "name");
            requireNonNull(visible, "visible");
            requireNonNull(pending, "pending");
            requireNonNull(lock, "lock");
        }
    }

    /**
     * One version.
     *
     * @param item the version's bytes as a file crossing the pipeline: its stage, the reason it
     *     stopped (shown to staff and to its author only), the sanitizer's receipt
     * @param visible whether the user may download it
     * @param savedAs the name it downloads as
     * @param size its size in bytes, or -1 (with an empty {@code sha256}) where it is withheld
     */
    record VersionView(
            int number,
            String author,
            Zone from,
            Instant at,
            int basedOn,
            Optional<Integer> restoredFrom,
            boolean visible,
            String savedAs,
            long size,
            String sha256,
            ItemView item) {
        public VersionView {
            requireNonNull(author, "author");
            requireNonNull(from, "from");
            requireNonNull(at, "at");
            requireNonNull(restoredFrom, "restoredFrom");
            requireNonNull(savedAs, "savedAs");
            requireNonNull(sha256, "sha256");
            requireNonNull(item, "item");
        }
    }

    record LockView(String holder, Instant until, boolean mine) {
        public LockView {
            requireNonNull(holder, "holder");
            requireNonNull(until, "until");
        }
    }

    /**
     * @param kind {@code user} or {@code organisation}
     */
    record MemberView(String kind, String who, String role, String roleJa, String roleEn, Optional<Instant> until) {
        public MemberView {
            requireNonNull(kind, "kind");
            requireNonNull(who, "who");
            requireNonNull(role, "role");
            requireNonNull(roleJa, "roleJa");
            requireNonNull(roleEn, "roleEn");
            requireNonNull(until, "until");
        }
    }

    /** What became of a request: done (with the id of what it made or changed), or refused and why. */
    sealed interface Answer {
        record Done(long id) implements Answer {}

        record Refused(String code, String ja, String en) implements Answer {
            public Refused {
                requireNonNull(code, "code");
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }

    /** The answer to a request to upload a version. */
    sealed interface Start {
        record Ready(VersionUpload upload) implements Start {
            public Ready {
                requireNonNull(upload, "upload");
            }
        }

        record Refused(String code, String ja, String en) implements Start {
            public Refused {
                requireNonNull(code, "code");
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }

    /** A version streaming into the store; only {@link #commit()} makes it a version. */
    interface VersionUpload {
        void write(byte[] bytes, int offset, int length) throws IOException;

        long written();

        /** Stores the bytes as the new version, or refuses (someone saved first, a lock was taken). */
        Answer commit() throws IOException;

        void abort();
    }
}
