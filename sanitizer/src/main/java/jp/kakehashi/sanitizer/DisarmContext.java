package jp.kakehashi.sanitizer;

import java.nio.file.Path;

/**
 * Where a disarm happens: the work folder for its temporary files, how deep inside containers it
 * is, what the caller allows (profiles per type, and the limits for archives and mails, already
 * resolved against the sanitizer's configuration; their depth counts every container), and how to disarm a member found inside (the sanitizer itself, so
 * members get the same detection, disarm and verification as top-level files).
 */
record DisarmContext(Path workDir, int depth, DisarmOptions options, ArchiveLimits archives, Nested nested) {
    interface Nested {
        /** Detects, disarms and verifies one member file whose name in the container is {@code name}. */
        DisarmResult disarm(Path member, String name, DisarmContext context);
    }

    /**
     * Whether opening a container here would nest more than {@code maxDepth} containers inside
     * each other (a ZIP in a ZIP is 2), the one rule for archives, e-mail and embedded documents.
     */
    boolean tooDeepFor(int maxDepth) {
        return depth + 1 > maxDepth;
    }

    /** The context for members of a container being disarmed here, working in {@code memberWorkDir}. */
    DisarmContext inside(Path memberWorkDir) {
        return new DisarmContext(memberWorkDir, depth + 1, options, archives, nested);
    }
}
