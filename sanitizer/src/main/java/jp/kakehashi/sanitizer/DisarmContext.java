package jp.kakehashi.sanitizer;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a disarm happens: the work folder for its temporary files, how deep inside containers it
 * is, the profile ladder the caller allows, and how to disarm a member found inside (the sanitizer itself, so members get the same
 * detection, disarm and verification as top-level files).
 */
record DisarmContext(Path workDir, int depth, List<Profile> ladder, Nested nested) {
    interface Nested {
        /** Detects, disarms and verifies one member file whose name in the container is {@code name}. */
        DisarmResult disarm(Path member, String name, DisarmContext context);
    }

    /** The context for members of a container being disarmed here, working in {@code memberWorkDir}. */
    DisarmContext inside(Path memberWorkDir) {
        return new DisarmContext(memberWorkDir, depth + 1, ladder, nested);
    }
}
