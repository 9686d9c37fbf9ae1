package jp.kakehashi.appliance.sftp;

import java.time.Instant;
import java.util.List;

/**
 * An SFTP upload that has not been handed on yet: its bytes so far (encrypted in the store, like
 * every blob), written through at most one open handle at a time, and kept between sessions so
 * its owner can append the rest or rename it from its temporary name into place.
 */
final class PartialUpload {
    private final String owner;
    private final String zone;
    private final List<String> folder;
    private final String name;
    private final String finalName;
    private final UploadChannel.Sink sink;
    private Instant lastWrite;
    private boolean held = true;
    private boolean detached;

    PartialUpload(
            String owner,
            String zone,
            List<String> folder,
            String name,
            String finalName,
            UploadChannel.Sink sink,
            Instant started) {
        this.owner = owner;
        this.zone = zone;
        this.folder = List.copyOf(folder);
        this.name = name;
        this.finalName = finalName;
        this.sink = sink;
        this.lastWrite = started;
    }

    String owner() {
        return owner;
    }

    String zone() {
        return zone;
    }

    /** The virtual folder it was written to. */
    List<String> folder() {
        return folder;
    }

    /** The name the client wrote it under, temporary or not. */
    String name() {
        return name;
    }

    /** The name it is delivered under: the temporary name without its suffix, or the name itself. */
    String finalName() {
        return finalName;
    }

    /** Whether it was written under a temporary name and is delivered only when renamed. */
    boolean temporary() {
        return !finalName.equals(name);
    }

    UploadChannel.Sink sink() {
        return sink;
    }

    long size() {
        return sink.written();
    }

    synchronized Instant lastWrite() {
        return lastWrite;
    }

    synchronized void wrote(Instant at) {
        lastWrite = at;
    }

    /** Takes it for one handle; false while another handle (a session not yet closed) holds it. */
    synchronized boolean take() {
        if (held) {
            return false;
        }
        held = true;
        return true;
    }

    synchronized void release() {
        held = false;
    }

    synchronized boolean held() {
        return held;
    }

    /** A newer upload of the same name took its place: it can finish, but no longer be resumed or renamed. */
    synchronized void detach() {
        detached = true;
    }

    synchronized boolean detached() {
        return detached;
    }
}
