package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

/**
 * A file used up its time or memory budget where no {@link DisarmResult} can carry the verdict
 * (type detection). The caller blocks the file with {@link #reason()}.
 */
public final class ResourceLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Reason reason;

    public ResourceLimitException(Reason reason) {
        super(requireNonNull(reason, "reason").code() + ": " + reason.detail());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
