package jp.kakehashi.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** The words of the portal in one language, read from {@code messages_LANG.properties} (UTF-8). */
public final class Text {
    public static final Text JA = load("ja");
    public static final Text EN = load("en");

    private final String lang;
    private final Map<String, String> words;

    private Text(String lang, Map<String, String> words) {
        this.lang = lang;
        this.words = Map.copyOf(words);
    }

    public static Text of(String lang) {
        return "en".equals(lang) ? EN : JA;
    }

    public String lang() {
        return lang;
    }

    /** The text of {@code key}; a missing key shows itself (a test keeps both languages complete). */
    public String get(String key) {
        return words.getOrDefault(key, key);
    }

    /** The text of {@code key}, when there is one. */
    public java.util.Optional<String> find(String key) {
        return java.util.Optional.ofNullable(words.get(key));
    }

    Set<String> keys() {
        return words.keySet();
    }

    private static Text load(String lang) {
        String resource = "messages_" + lang + ".properties";
        try (InputStream in = Text.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> words = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> words.put(k, p.getProperty(k)));
            return new Text(lang, words);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
