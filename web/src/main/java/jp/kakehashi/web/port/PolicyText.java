package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A policy text and where it came from.
 *
 * @param source the file name errors and the page show
 * @param version the confirmed version it is, when it is one (else the configured file)
 * @param problem why this text is not what was asked for (the active version no longer lints, the
 *     configured file cannot be read), in Japanese and English; empty when there is none
 */
public record PolicyText(String source, String text, String sha256, Optional<Long> version, String problem) {
    public PolicyText {
        requireNonNull(source, "source");
        requireNonNull(text, "text");
        requireNonNull(sha256, "sha256");
        requireNonNull(version, "version");
        requireNonNull(problem, "problem");
    }
}
