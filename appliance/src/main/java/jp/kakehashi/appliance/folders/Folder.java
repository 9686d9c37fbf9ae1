package jp.kakehashi.appliance.folders;

import java.time.Instant;

/** A shared folder: its owner department (所管課) and what it is for. */
public record Folder(long id, String name, String purpose, String department, String createdBy, Instant createdAt) {}
