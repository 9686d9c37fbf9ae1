package jp.kakehashi.appliance.update;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** How an installation ended; a bundle refused before anything changed is an {@link UpdateRefused}. */
public sealed interface UpdateOutcome {
    /** The new version runs; the previous one is kept beside it, the database copy in {@code backup}. */
    record Installed(
            Version previous, Version installed, @Nullable Path backup) implements UpdateOutcome {}

    /**
     * The new version did not become healthy; the previous version runs again, on the database as
     * it was before the update when the new version had changed its schema.
     */
    record RolledBack(Version attempted, Version running, String why, boolean databaseRestored)
            implements UpdateOutcome {}
}
