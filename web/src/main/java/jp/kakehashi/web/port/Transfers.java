package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * Files crossing between zones, as the portals see them. Every method answers only what the
 * given user may see: a file is visible to its sender and to the recipients of its flow.
 */
public interface Transfers {
    /** Where the user may send files; empty for read-only users. */
    List<Destination> destinations(User user);

    /**
     * Starts an upload to one of {@link #destinations}, with what the sender wrote for its
     * recipients; the name is canonicalised and checked here, the note too.
     */
    Upload.Start startUpload(User user, String destination, String name, Note note);

    /** The files the user sent, newest first. */
    List<ItemView> sent(User user);

    /** The files delivered to the user (partners: from the city; staff: from partners), newest first. */
    List<ItemView> received(User user);

    /** One file, if the user sent it or may receive it. */
    Optional<ItemView> item(User user, String id);

    /** The delivered file, if the user may download it now. */
    Optional<Download> download(User user, String id);
}
