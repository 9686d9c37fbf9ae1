package jp.kakehashi.web.port;

/** The sign-in events and refusals the portals report to the tamper-evident audit trail. */
public interface AuditTrail {
    /** A full sign-in (password and, where required, the second factor). */
    void signedIn(User user, Zone zone, String source);

    /**
     * A refused sign-in.
     *
     * @param name the name as typed (escaped by the implementation before it is written)
     * @param why a stable code: {@code PASSWORD}, {@code SECOND_FACTOR}, {@code LOCKED}, {@code THROTTLED}
     */
    void signInRefused(String name, Zone zone, String source, String why);

    void signedOut(User user, Zone zone, String why);

    /**
     * A request the portal refused after reading who sent it (the implementation limits how many
     * it writes a minute per actor and reason).
     *
     * @param actor the signed-in account, or empty text for an anonymous request
     * @param path the path asked for, which names the object for a 404
     * @param status the HTTP status answered (403, or 404 for an object by id that is not there or not theirs)
     * @param why a stable code: {@code ROLE}, {@code CSRF}, {@code NOT_FOUND}
     */
    void accessRefused(String actor, Zone zone, String source, String method, String path, int status, String why);
}
