package jp.kakehashi.appliance.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.InvalidPathException;
import java.util.List;
import jp.kakehashi.appliance.fuzz.Inputs;

/**
 * The SFTP path resolver under a fuzzer (ISSUE 21 §8, ATTACKS SFTP-01): no path a client sends,
 * alone or relative to a folder inside the tree, resolves to anything above the account's root;
 * what it resolves to is a list of plain names.
 */
class VirtualPathFuzzTest {
    /** Paths are parsed without looking anything up, so the session's view is not needed. */
    private static final VirtualFileSystem FS =
            new VirtualFileSystem(new VirtualFileSystemProvider(), null, null, null);

    @FuzzTest(maxDuration = "60s")
    void noPathClimbsAboveTheRoot(byte[] input) {
        String text = Inputs.text(input);
        VirtualPath alone;
        VirtualPath below;
        try {
            alone = FS.getPath(text);
            below = FS.getPath("/to-city", "sub").resolve(text);
        } catch (InvalidPathException refused) {
            return;
        }
        for (VirtualPath p : List.of(alone, below)) {
            List<String> names = p.canonicalNames();
            assertThat(names).as("%s", p).doesNotContain("..", ".", "");
            for (String name : names) {
                assertThat(name).doesNotContain("/");
            }
            assertThat(p.toRealPath().isAbsolute()).isTrue();
        }
    }
}
