package jp.kakehashi.appliance.folders;

import java.time.Instant;

/** A check-out: until it is released or runs out, only its holder adds versions of the file. */
public record FileLock(long file, String holder, Instant until, Instant takenAt) {}
