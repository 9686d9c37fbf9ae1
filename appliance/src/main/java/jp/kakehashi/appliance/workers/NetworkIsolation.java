package jp.kakehashi.appliance.workers;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs workers in a network namespace of their own, which has no interface but a loopback that
 * is down: a parser tricked into fetching a URL cannot reach anything. Uses util-linux
 * {@code unshare}, which needs user namespaces (or root); where the kernel forbids them the
 * workers run without, and the appliance says so.
 */
final class NetworkIsolation {
    static final List<String> PREFIX = List.of("unshare", "--map-root-user", "--net", "--");

    private NetworkIsolation() {}

    static boolean available() {
        try {
            Process p = new ProcessBuilder(concat("true"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> concat(String program) {
        return Stream.concat(PREFIX.stream(), Stream.of(program)).toList();
    }
}
