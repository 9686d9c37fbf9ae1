package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Full-text search over the delivered files a user may receive (the disarmed renditions' text). */
public interface Search {
    /** A shared-folder file found, as the version the user may have now, with where the words are. */
    record FileHit(
            long file,
            String name,
            long folder,
            String folderName,
            int version,
            String author,
            java.time.Instant at,
            List<Piece> snippet) {
        public FileHit {
            requireNonNull(name, "name");
            requireNonNull(folderName, "folderName");
            requireNonNull(author, "author");
            requireNonNull(at, "at");
            snippet = List.copyOf(snippet);
        }
    }

    /** A piece of a snippet; {@code match} marks the words the query found. */
    record Piece(String text, boolean match) {
        public Piece {
            requireNonNull(text, "text");
        }
    }

    /**
     * The user's delivered files, and the shared-folder files they may read, whose name or text
     * holds every word of the query, best first.
     */
    Result search(User user, String query);

    /** What a search found, or why it could not run. */
    sealed interface Result {
        /**
         * @param items delivered files
         * @param files shared-folder files whose version the user may see now holds the words
         */
        record Hits(List<ItemView> items, List<FileHit> files) implements Result {
            public Hits {
                items = List.copyOf(items);
                files = List.copyOf(files);
            }

            public Hits(List<ItemView> items) {
                this(items, List.of());
            }
        }

        record Refused(String ja, String en) implements Result {
            public Refused {
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }
}
