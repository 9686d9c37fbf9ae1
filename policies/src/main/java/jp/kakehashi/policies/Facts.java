package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.time.LocalTime;
import java.util.Optional;

/**
 * What is known about one file when policy decides. Before the file is disarmed its content is
 * not known yet ({@code content} empty): rules about sanitizer or DLP findings wait for the
 * second decision, made on the disarmed file.
 *
 * @param flow the direction it is crossing
 * @param mediaType its true type, from content
 * @param extension the extension of its name as sent, lower case, without the dot ("" if none)
 * @param sizeBytes its size as received
 * @param typeMismatch whether its name claims another type
 * @param sender who sent it
 * @param recipient to whom (a partner organisation outbound, the city inbound)
 * @param scan the virus scanner's verdict
 * @param timeOfDay when it was received, Japan time
 * @param content sanitizer and DLP findings, once known
 */
public record Facts(
        Flow flow,
        String mediaType,
        String extension,
        long sizeBytes,
        boolean typeMismatch,
        Party sender,
        Party recipient,
        ScanVerdict scan,
        LocalTime timeOfDay,
        Optional<ContentFacts> content) {
    public Facts {
        requireNonNull(flow, "flow");
        requireNonNull(mediaType, "mediaType");
        requireNonNull(extension, "extension");
        requireNonNull(sender, "sender");
        requireNonNull(recipient, "recipient");
        requireNonNull(scan, "scan");
        requireNonNull(timeOfDay, "timeOfDay");
        requireNonNull(content, "content");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes);
        }
    }

    /** The facts of a clean-scanned file from and to nobody in particular, at noon (tests, {@code policy check}). */
    public static Facts of(Flow flow, String mediaType, long sizeBytes, boolean typeMismatch) {
        return new Facts(
                flow,
                mediaType,
                "",
                sizeBytes,
                typeMismatch,
                Party.unknown(),
                Party.unknown(),
                ScanVerdict.CLEAN,
                LocalTime.NOON,
                Optional.empty());
    }

    public Facts withExtension(String value) {
        return new Facts(flow, mediaType, value, sizeBytes, typeMismatch, sender, recipient, scan, timeOfDay, content);
    }

    public Facts withParties(Party from, Party to) {
        return new Facts(flow, mediaType, extension, sizeBytes, typeMismatch, from, to, scan, timeOfDay, content);
    }

    public Facts withScan(ScanVerdict value) {
        return new Facts(
                flow, mediaType, extension, sizeBytes, typeMismatch, sender, recipient, value, timeOfDay, content);
    }

    public Facts at(LocalTime value) {
        return new Facts(flow, mediaType, extension, sizeBytes, typeMismatch, sender, recipient, scan, value, content);
    }

    /** The facts as they were before the file was disarmed. */
    public Facts withoutContent() {
        return new Facts(
                flow,
                mediaType,
                extension,
                sizeBytes,
                typeMismatch,
                sender,
                recipient,
                scan,
                timeOfDay,
                Optional.empty());
    }

    public Facts withContent(ContentFacts value) {
        return new Facts(
                flow,
                mediaType,
                extension,
                sizeBytes,
                typeMismatch,
                sender,
                recipient,
                scan,
                timeOfDay,
                Optional.of(value));
    }
}
