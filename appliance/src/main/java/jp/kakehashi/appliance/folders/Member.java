package jp.kakehashi.appliance.folders;

import java.time.Instant;
import java.util.Optional;

/** One member of a folder: an account, or every partner account of an organisation, until an optional end. */
public record Member(long folder, Kind kind, String who, FolderRole role, Optional<Instant> until) {
    public enum Kind {
        /** One staff or partner account, by name. */
        USER,
        /** Every partner account of one organisation. */
        ORGANISATION
    }

    public boolean activeAt(Instant now) {
        return until.map(now::isBefore).orElse(true);
    }
}
