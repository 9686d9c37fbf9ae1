package jp.kakehashi.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ATTACKS HTML-02, ARC-13 and the Ichitaro rule: refusals the sender can act on. */
class UnsupportedTypesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "application/x-msdownload, EXECUTABLE",
        "application/x-sh, EXECUTABLE",
        "application/x-ms-shortcut, EXECUTABLE",
        "application/x-iso9660-image, EXECUTABLE",
        "application/x-js-taro, ICHITARO",
        "application/msword, LEGACY_OFFICE",
        "application/x-7z-compressed, ARCHIVE_TYPE",
        "application/x-lzh-compressed, ARCHIVE_TYPE",
        "application/octet-stream, TYPE_NOT_SUPPORTED",
    })
    void eachKindOfUnsupportedTypeHasItsOwnReason(String type, ReasonCode expected) {
        assertThat(UnsupportedTypes.reasonFor(type).code()).isEqualTo(expected);
        assertThat(expected.ja()).isNotBlank();
        assertThat(expected.en()).isNotBlank();
    }

    @Test
    void aRealExecutableAndAShellScriptAreRefusedAsPrograms() throws Exception {
        Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
        byte[] pe = new byte[1024];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3c] = (byte) 0x80;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        Path exe = dir.resolve("請求書.pdf");
        Files.write(exe, pe);
        assertThat(((DisarmResult.Refused) sanitizer.disarm(exe, sanitizer.detect(exe, "請求書.pdf"), dir))
                        .reason()
                        .code())
                .isEqualTo(ReasonCode.EXECUTABLE);
        Path sh = dir.resolve("install.sh");
        Files.writeString(sh, "#!/bin/sh\nrm -rf /\n", StandardCharsets.US_ASCII);
        Detection d = sanitizer.detect(sh, "install.sh");
        assertThat(sanitizer.disarm(sh, d, dir))
                .isInstanceOfSatisfying(
                        DisarmResult.Refused.class,
                        r -> assertThat(r.reason().code()).as(d.mediaType()).isEqualTo(ReasonCode.EXECUTABLE));
    }
}
