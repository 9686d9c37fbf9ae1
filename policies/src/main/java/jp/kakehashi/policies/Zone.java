package jp.kakehashi.policies;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three network segments of the MIC three-layer model (三層の対策), one listener set each. */
public enum Zone {
    /** インターネット接続系: partners. */
    INTERNET("インターネット接続系"),
    /** LGWAN接続系: staff, officers, administrators. */
    LGWAN("LGWAN接続系"),
    /** マイナンバー利用事務系: read-only, nothing flows out. */
    MYNUMBER("マイナンバー利用事務系");

    private final String japaneseName;

    Zone(String japaneseName) {
        this.japaneseName = japaneseName;
    }

    /** The lower-case word used in config, policy files and JSON: {@code internet}, {@code lgwan}, {@code mynumber}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String japaneseName() {
        return japaneseName;
    }

    /**
     * Reads a zone word.
     *
     * @throws IllegalArgumentException naming the text and the known zones
     */
    public static Zone parse(String word) {
        for (Zone z : values()) {
            if (z.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                return z;
            }
        }
        throw new IllegalArgumentException("unknown zone '" + word + "'; expected one of "
                + Arrays.stream(values()).map(Zone::word).collect(Collectors.joining(", ")));
    }
}
