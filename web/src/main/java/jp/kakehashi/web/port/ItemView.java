package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One file as a portal shows it to someone allowed to see it.
 *
 * @param organisation the partner organisation it comes from or goes to
 * @param reason why it did not cross, when it did not
 * @param receiptJa the sanitizer's receipt in Japanese (what was removed, what still works); empty before disarm
 * @param removed one line per element removed or rebuilt
 * @param deliveredAs the name the recipient downloads, once delivered
 * @param queuePosition files ahead of it in the pipeline, while it waits
 * @param downloadedAt when a recipient first downloaded it
 * @param held why it is held (保留) and when it is tried again, while the appliance cannot go on
 * @param sentBy who sent it, as people read it (the person and their organisation or 課)
 * @param sentTo whom it is for, as people read it (a 課, an organisation, the My Number zone)
 * @param note what the sender wrote with it for its recipients
 */
public record ItemView(
        String id,
        String name,
        String sender,
        String organisation,
        Zone from,
        Zone to,
        long size,
        Stage stage,
        Optional<Reason> reason,
        String receiptJa,
        String receiptEn,
        List<String> removed,
        String deliveredAs,
        Instant receivedAt,
        Instant updatedAt,
        Optional<Integer> queuePosition,
        Optional<Instant> downloadedAt,
        Optional<Held> held,
        Party sentBy,
        Party sentTo,
        Note note) {
    public ItemView {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(stage, "stage");
        requireNonNull(reason, "reason");
        removed = List.copyOf(removed);
        requireNonNull(receivedAt, "receivedAt");
        requireNonNull(updatedAt, "updatedAt");
        requireNonNull(held, "held");
        requireNonNull(sentBy, "sentBy");
        requireNonNull(sentTo, "sentTo");
        requireNonNull(note, "note");
    }

    /** A sender or recipient as a page names them, in both languages. */
    public record Party(String ja, String en) {
        public Party {
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
        }

        /** A name that reads the same in both languages (a person's, a 課's). */
        public static Party named(String name) {
            return new Party(name, name);
        }
    }

    /** Held for a reason outside the file, told in both languages; it goes on by itself at {@code next} or later. */
    public record Held(String ja, String en, Instant next) {
        public Held {
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
            requireNonNull(next, "next");
        }
    }

    /**
     * Why a file did not cross, in both languages.
     *
     * @param code the stable reason code ({@code MACRO_IN_DOCUMENT}, {@code MALWARE}, ...)
     * @param detail the rule's message to the sender or where import data went wrong; may be empty
     */
    public record Reason(String code, String ja, String en, String detail) {
        public Reason {
            requireNonNull(code, "code");
            requireNonNull(ja, "ja");
            requireNonNull(en, "en");
            requireNonNull(detail, "detail");
        }
    }
}
