package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Full-text search over the delivered files a user may receive (the disarmed renditions' text). */
public interface Search {
    /** The user's delivered files whose name or text holds every word of the query, best first. */
    Result search(User user, String query);

    /** What a search found, or why it could not run. */
    sealed interface Result {
        record Hits(List<ItemView> items) implements Result {
            public Hits {
                items = List.copyOf(items);
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
