package jp.kakehashi.appliance;

/**
 * A step someone asked for and the appliance declined, for a stated reason: the message carries the
 * reason in Japanese and English and the detail, so the command line and (later) the portals show
 * the person why, and a test can tell the reasons apart by their code.
 */
public abstract class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A reason code of one kind of refusal; each is an enum with its two texts. */
    public interface Reason {
        String name();

        String japanese();

        String english();
    }

    private final String detail;

    protected Refused(Reason reason, String detail) {
        super(reason.japanese() + " / " + reason.english() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.detail = detail;
    }

    /** What the refusal was about (a name, a version, a holder), or empty text. */
    public String detail() {
        return detail;
    }
}
