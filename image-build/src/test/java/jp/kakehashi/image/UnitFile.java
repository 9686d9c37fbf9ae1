package jp.kakehashi.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A systemd unit as the image ships it: the unit file and its drop-ins ({@code NAME.d/*.conf}),
 * read from the image's root the way systemd reads them, so the tests start exactly the commands,
 * users and sandbox settings the appliance boots with instead of a second copy of them.
 */
record UnitFile(String name, Map<String, List<String>> service) {
    private static final List<String> SEARCH =
            List.of("etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system");

    /** Reads {@code name} from the image rooted at {@code root}: the first unit file found, then every drop-in. */
    static UnitFile read(Path root, String name) {
        Map<String, List<String>> service = new LinkedHashMap<>();
        Path unit = SEARCH.stream()
                .map(d -> root.resolve(d).resolve(name))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no unit " + name + " in " + root));
        parse(unit, service);
        for (String d : SEARCH) {
            Path dropIns = root.resolve(d).resolve(name + ".d");
            if (Files.isDirectory(dropIns)) {
                try (Stream<Path> files = Files.list(dropIns)) {
                    files.filter(f -> f.toString().endsWith(".conf")).sorted().forEach(f -> parse(f, service));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new UnitFile(name, service);
    }

    private static void parse(Path file, Map<String, List<String>> service) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String section = "";
        StringBuilder continued = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (continued.length() > 0) {
                line = continued + " " + line;
                continued.setLength(0);
            }
            if (line.endsWith("\\")) {
                continued.append(line, 0, line.length() - 1);
                continue;
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            if (!section.equals("[Service]")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            // As systemd does: an empty assignment resets a list setting.
            List<String> values = service.computeIfAbsent(key, k -> new ArrayList<>());
            if (value.isEmpty()) {
                values.clear();
            }
            values.add(value);
        }
    }

    List<String> all(String key) {
        return service.getOrDefault(key, List.of()).stream()
                .filter(v -> !v.isEmpty())
                .toList();
    }

    Optional<String> last(String key) {
        List<String> v = service.getOrDefault(key, List.of());
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    boolean yes(String key) {
        return last(key).map(v -> v.equals("yes") || v.equals("true")).orElse(false);
    }

    /** A command line as systemd splits it: whitespace, with double quotes grouping words. */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
