package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a file's two copies live.
 *
 * @param originals the original as received, kept in quarantine (for 原本取り出し and the officer)
 * @param published the disarmed rendition, visible to its recipients
 */
public record Retention(Duration originals, Duration published) {
    /** What a policy file that says nothing keeps: originals 90 days, published renditions 30. */
    public static final Retention DEFAULT = new Retention(Duration.ofDays(90), Duration.ofDays(30));

    public Retention {
        requireNonNull(originals, "originals");
        requireNonNull(published, "published");
        if (originals.isNegative() || originals.isZero() || published.isNegative() || published.isZero()) {
            throw new IllegalArgumentException("retention times must be positive");
        }
    }

    /** Of two retentions: the original kept the longer (the record matters), the rendition the shorter (exposure). */
    Retention merge(Retention other) {
        return new Retention(
                originals.compareTo(other.originals) >= 0 ? originals : other.originals,
                published.compareTo(other.published) <= 0 ? published : other.published);
    }
}
