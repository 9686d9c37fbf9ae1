package jp.kakehashi.appliance.folders;

import java.time.Instant;

/** One file of a folder: the one original every version belongs to. */
public record FolderFile(long id, long folder, String name, Instant createdAt) {}
