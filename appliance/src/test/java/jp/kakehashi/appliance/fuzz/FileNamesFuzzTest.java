package jp.kakehashi.appliance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Set;
import jp.kakehashi.appliance.pipeline.FileNames;

/**
 * The file-name policy under a fuzzer (ISSUE 21 §8, ATTACKS NAME-01..10): whatever a sender types,
 * a name either gets a stable reason code or is one that every later step can trust.
 */
class FileNamesFuzzTest {
    private static final Set<String> CODES = Set.of(
            "NAME_EMPTY",
            "NAME_SEPARATOR",
            "NAME_STREAM",
            "NAME_BIDI_CONTROL",
            "NAME_CONTROL",
            "NAME_TRAILING",
            "NAME_RESERVED",
            "NAME_TOO_LONG",
            "NAME_INVISIBLE",
            "NAME_ENCODING");

    @FuzzTest(maxDuration = "60s")
    void aNameIsRefusedWithAKnownReasonOrIsSafeEverywhere(byte[] input) {
        String raw = Inputs.text(input);
        switch (FileNames.canonical(raw)) {
            case FileNames.Result.Invalid invalid -> {
                assertThat(CODES).contains(invalid.code());
                assertThat(invalid.ja()).isNotBlank();
                assertThat(invalid.en()).isNotBlank();
            }
            case FileNames.Result.Valid valid -> {
                String name = valid.name();
                assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).isTrue();
                assertThat(name).doesNotContain("/", "\\", ":").isNotIn("", ".", "..");
                assertThat(name).doesNotEndWith(".").doesNotEndWith(" ");
                assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
                // What is stored is what was checked: the UTF-8 round trip loses nothing.
                assertThat(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                        .isEqualTo(name);
                name.codePoints()
                        .forEach(c -> assertThat(invisibleOrBreaking(c))
                                .as("U+%04X in a name that passed", c)
                                .isFalse());
                assertThat(FileNames.canonical(name)).as("idempotent").isEqualTo(valid);
            }
        }
    }

    /** Characters that break a log line, hide in a listing, or do not survive storage. */
    private static boolean invisibleOrBreaking(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (type == Character.FORMAT && c != 0x200d);
    }
}
