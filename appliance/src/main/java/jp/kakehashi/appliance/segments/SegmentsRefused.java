package jp.kakehashi.appliance.segments;

import java.util.List;

/**
 * The network does not match the configuration (a zone's address on the wrong interface, two
 * zones on one): the appliance does not start, and the message lists every problem in Japanese and
 * English, one per line.
 */
public final class SegmentsRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SegmentsRefused(String heading, List<String> problems) {
        super(heading + System.lineSeparator() + "  - " + String.join(System.lineSeparator() + "  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
