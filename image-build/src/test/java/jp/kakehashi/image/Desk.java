package jp.kakehashi.image;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The test's handle on a {@link ClientMain} running in one segment's client namespace. */
final class Desk implements AutoCloseable {
    private final Process process;
    private final PrintStream in;
    private final BufferedReader out;

    private Desk(Process process) {
        this.process = process;
        this.in = new PrintStream(process.getOutputStream(), true, UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    }

    static Desk in(BootedImage image, String zone) throws IOException {
        List<String> java = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djdk.serialFilter=!*",
                "-cp",
                System.getProperty("java.class.path"),
                ClientMain.class.getName());
        return new Desk(new ProcessBuilder(image.inClient(zone, java))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    /** Sends one command and returns its answer's lines. */
    List<String> ask(String... words) throws IOException {
        in.println(String.join("\t", words));
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("."); line = out.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    String one(String... words) throws IOException {
        List<String> lines = ask(words);
        return lines.isEmpty() ? "" : lines.get(0);
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
