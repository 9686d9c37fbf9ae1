package jp.kakehashi.appliance.base;

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

        Texts texts();

        default String japanese() {
            return texts().japanese();
        }

        default String english() {
            return texts().english();
        }
    }

    /** A reason's words, as the person reads them in each language. */
    public record Texts(String japanese, String english) {
        public Texts {
            java.util.Objects.requireNonNull(japanese, "japanese");
            java.util.Objects.requireNonNull(english, "english");
        }
    }

    private final Reason reason;
    private final String detail;

    protected Refused(Reason reason, String detail) {
        super(reason.japanese() + " / " + reason.english() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.reason = reason;
        this.detail = detail;
    }

    /** Why, as a value: each kind of refusal narrows it to its own enum. */
    public Reason reason() {
        return reason;
    }

    /** The reason's stable code ({@code CONFLICT}, {@code LOCKED} ...). */
    public String code() {
        return reason.name();
    }

    /** The reason in Japanese, with the detail after it. */
    public String japanese() {
        return reason.japanese() + (detail.isEmpty() ? "" : "（" + detail + "）");
    }

    /** The reason in English, with the detail after it. */
    public String english() {
        return reason.english() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** What the refusal was about (a name, a version, a holder), or empty text. */
    public String detail() {
        return detail;
    }
}
