package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

/** A direction a file may cross in, such as {@code internet -> lgwan}. Nothing leaves the My Number zone. */
public record Flow(Zone from, Zone to) {
    public Flow {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        if (from == to) {
            throw new IllegalArgumentException(
                    "a flow needs two different zones, was " + from.word() + " -> " + to.word());
        }
        if (from == Zone.MYNUMBER) {
            throw new IllegalArgumentException("no flow leaves the My Number zone (mynumber -> " + to.word() + ")");
        }
    }

    /**
     * Reads {@code FROM->TO} (spaces allowed around the arrow).
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static Flow parse(String text) {
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("flow '" + text + "' must look like FROM->TO, e.g. internet->lgwan");
        }
        return new Flow(Zone.parse(text.substring(0, arrow)), Zone.parse(text.substring(arrow + 2)));
    }

    @Override
    public String toString() {
        return from.word() + "->" + to.word();
    }
}
