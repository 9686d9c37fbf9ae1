package jp.kakehashi.appliance.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle is trusted only when signed by a trusted key, whole, and unpacking stays in its directory. */
class UpdateBundleTest {
    @TempDir
    Path tmp;

    private Path privateKey;
    private Path trusted;

    @BeforeEach
    void keys() throws IOException {
        trusted = Files.createDirectories(tmp.resolve("trusted"));
        privateKey = tmp.resolve("vendor.key");
        UpdateKeys.generate(privateKey, trusted.resolve("vendor.pub"), new SecureRandom());
    }

    @Test
    void aSignedReleaseVerifiesAndUnpacksAsItWas() throws IOException {
        Path release = release("0.2.0");
        Path bundle = tmp.resolve("kakehashi-0.2.0.update");
        UpdateManifest written = UpdateBundle.write(release, privateKey, bundle);

        assertThat(UpdateBundle.verify(bundle, trusted)).isEqualTo(written);
        Path target = tmp.resolve("unpacked");
        UpdateBundle.unpack(bundle, UpdateKeys.trusted(trusted), target);
        assertThat(Release.versionOf(target)).isEqualTo(Version.parse("0.2.0"));
        assertThat(Files.isExecutable(target.resolve("runtime/bin/java"))).isTrue();
        assertThat(Files.isExecutable(target.resolve("lib/kakehashi-appliance.jar")))
                .isFalse();
        assertThat(Files.readSymbolicLink(target.resolve("runtime/legal/java.sql/LICENSE")))
                .isEqualTo(Path.of("../java.base/LICENSE"));
        assertThat(Files.readString(target.resolve("runtime/legal/java.sql/LICENSE")))
                .isEqualTo("GPLv2+CPE");
    }

    @Test
    void theSameReleaseGivesTheSameBundle() throws IOException {
        Path release = release("0.2.0");
        UpdateManifest one = UpdateBundle.write(release, privateKey, tmp.resolve("one.update"));
        UpdateManifest two = UpdateBundle.write(release, privateKey, tmp.resolve("two.update"));
        assertThat(two.payloadSha256()).isEqualTo(one.payloadSha256());
    }

    @Test
    void aBundleSignedWithAnotherKeyIsRefused() throws IOException {
        Path otherKey = tmp.resolve("other.key");
        UpdateKeys.generate(otherKey, tmp.resolve("other.pub"), new SecureRandom());
        Path bundle = tmp.resolve("forged.update");
        UpdateBundle.write(release("9.9.9"), otherKey, bundle);
        assertRefused(() -> UpdateBundle.verify(bundle, trusted), UpdateRefused.Reason.BAD_SIGNATURE);
    }

    @Test
    void anApplianceWithoutATrustedKeyInstallsNothing() throws IOException {
        Path bundle = tmp.resolve("b.update");
        UpdateBundle.write(release("0.2.0"), privateKey, bundle);
        assertRefused(
                () -> UpdateBundle.verify(bundle, Files.createDirectories(tmp.resolve("empty"))),
                UpdateRefused.Reason.NO_TRUSTED_KEY);
    }

    @Test
    void anEditedManifestNoLongerVerifies() throws IOException {
        Path bundle = tmp.resolve("b.update");
        UpdateBundle.write(release("0.2.0"), privateKey, bundle);
        byte[] bytes = Files.readAllBytes(bundle);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replaceFirst("\"0\\.2\\.0\"", "\"0.3.0\"");
        Files.write(bundle, text.getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(() -> UpdateBundle.verify(bundle, trusted), UpdateRefused.Reason.BAD_SIGNATURE);
    }

    @Test
    void aTruncatedOrAlteredPayloadIsRefused() throws IOException {
        Path bundle = tmp.resolve("b.update");
        UpdateBundle.write(release("0.2.0"), privateKey, bundle);
        byte[] bytes = Files.readAllBytes(bundle);

        Path cut = tmp.resolve("cut.update");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
        assertRefused(() -> UpdateBundle.verify(cut, trusted), UpdateRefused.Reason.TRUNCATED);
        assertThatThrownBy(() -> UpdateBundle.verify(cut, trusted))
                .hasMessageMatching(".*\\(\\d+\\.?\\d* \\w?B / \\d+\\.?\\d* \\w?B\\)");

        Path flipped = tmp.resolve("flipped.update");
        byte[] changed = bytes.clone();
        changed[changed.length - 30] ^= 1;
        Files.write(flipped, changed);
        assertRefused(() -> UpdateBundle.verify(flipped, trusted), UpdateRefused.Reason.CORRUPT);

        Path longer = tmp.resolve("longer.update");
        Files.write(longer, bytes);
        Files.write(longer, new byte[] {0}, StandardOpenOption.APPEND);
        assertRefused(() -> UpdateBundle.verify(longer, trusted), UpdateRefused.Reason.CORRUPT);

        Path notABundle = tmp.resolve("report.pdf");
        Files.writeString(notABundle, "%PDF-1.7\n");
        assertRefused(() -> UpdateBundle.verify(notABundle, trusted), UpdateRefused.Reason.MALFORMED);
    }

    @Test
    void entriesThatWouldLandOutsideTheReleaseAreRefusedEvenWhenSigned() throws IOException {
        // A signed bundle is the vendor's, but a mistake or a stolen build machine must still not
        // write outside the release directory. (An absolute name is read without its leading "/".)
        Files.writeString(tmp.resolve("base.txt"), "x");
        List<List<String[]>> hostile = List.of(
                List.<String[]>of(new String[] {"file", "../escaped"}),
                List.<String[]>of(new String[] {"symlink", "lib", "/etc"}, new String[] {"file", "lib/x"}),
                List.<String[]>of(new String[] {"symlink", "up", "../.."}),
                List.<String[]>of(new String[] {"dir", "d"}, new String[] {"symlink", "d/l", "."}, new String[] {
                    "symlink", "e", "d/l/../../outside"
                }),
                List.<String[]>of(new String[] {"hardlink", "h", "/etc/passwd"}),
                List.<String[]>of(new String[] {"device", "null"}));
        int n = 0;
        for (List<String[]> entries : hostile) {
            Path payload = tmp.resolve("hostile-" + n + ".tar.gz");
            tar(payload, entries);
            Path bundle = tmp.resolve("hostile-" + n + ".update");
            UpdateBundle.sign(payload, Version.parse("0.2.0"), privateKey, bundle);
            Path target = tmp.resolve("release-" + n);
            assertThatThrownBy(() -> UpdateBundle.unpack(bundle, UpdateKeys.trusted(trusted), target))
                    .as("hostile payload %d", n)
                    .isInstanceOfSatisfying(
                            UpdateRefused.class, e -> assertThat(e.code()).isEqualTo("UNSAFE_ENTRY"));
            n++;
        }
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    @Test
    void versionsCompareAsNumbersAndOnlyThreePartsAreAccepted() {
        assertThat(Version.parse("0.10.0")).isGreaterThan(Version.parse("0.9.12"));
        assertThat(Version.parse(" 1.2.3\n")).isEqualTo(new Version(1, 2, 3));
        for (String bad : List.of("1.2", "1.2.3-SNAPSHOT", "v1.2.3", "", "1.2.3.4")) {
            assertRefused(() -> Version.parse(bad), UpdateRefused.Reason.MALFORMED);
        }
    }

    private Path release(String version) throws IOException {
        Path release = Files.createDirectories(tmp.resolve("release-src-" + version));
        Files.writeString(release.resolve("VERSION"), version + "\n");
        Files.createDirectories(release.resolve("lib"));
        Files.writeString(release.resolve("lib/kakehashi-appliance.jar"), "jar " + version);
        Path launcher = Files.createDirectories(release.resolve("runtime/bin")).resolve("java");
        Files.writeString(launcher, "#!/bin/sh\necho Kakehashi " + version + "\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path legal = Files.createDirectories(release.resolve("runtime/legal/java.base"));
        Files.writeString(legal.resolve("LICENSE"), "GPLv2+CPE");
        Files.createDirectories(release.resolve("runtime/legal/java.sql"));
        Files.createSymbolicLink(release.resolve("runtime/legal/java.sql/LICENSE"), Path.of("../java.base/LICENSE"));
        return release;
    }

    private static void tar(Path payload, List<String[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(payload);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (String[] e : entries) {
                TarArchiveEntry entry = switch (e[0]) {
                    case "dir" -> new TarArchiveEntry(e[1] + "/");
                    case "symlink" -> symlink(e[1], e[2], TarArchiveEntry.LF_SYMLINK);
                    case "hardlink" -> symlink(e[1], e[2], TarArchiveEntry.LF_LINK);
                    case "device" -> new TarArchiveEntry(e[1], TarArchiveEntry.LF_CHR);
                    default -> new TarArchiveEntry(e[1]);
                };
                byte[] body = "owned\n".getBytes(StandardCharsets.US_ASCII);
                if (e[0].equals("file")) {
                    entry.setSize(body.length);
                }
                tar.putArchiveEntry(entry);
                if (e[0].equals("file")) {
                    tar.write(body);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    private static TarArchiveEntry symlink(String name, String target, byte type) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLinkName(target);
        return entry;
    }

    private static void assertRefused(ThrowingCallable call, UpdateRefused.Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        UpdateRefused.class, e -> assertThat(e.code()).isEqualTo(reason.name()));
    }
}
