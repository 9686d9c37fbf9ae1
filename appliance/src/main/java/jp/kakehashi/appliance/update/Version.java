package jp.kakehashi.appliance.update;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release's version, MAJOR.MINOR.PATCH; only a higher one may replace the running one. */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");
    private static final Comparator<Version> ORDER = Comparator.comparingInt(Version::major)
            .thenComparingInt(Version::minor)
            .thenComparingInt(Version::patch);

    /** Reads "1.2.3"; anything else is refused as a malformed bundle. */
    public static Version parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "version '" + text + "'");
        }
        return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    @Override
    public int compareTo(Version other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
