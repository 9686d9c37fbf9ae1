package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ATTACKS-COVERAGE.md} maps every entry of the attack and fault catalogue to the tests that
 * cover it (ISSUE 21 §8). A row missing, a row twice, or a test named that does not exist fails
 * here, so the table cannot quietly drift from the suite.
 */
class AttacksCoverageTest {
    private static final Path TABLE = Path.of("..", "ATTACKS-COVERAGE.md");
    private static final Pattern ROW = Pattern.compile("^\\| ([A-Z]+-\\d{2}) \\| (✔|◐|✖|—) \\| ([^|]*)\\|.*");
    private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z0-9]+)`");
    /** The catalogue's families and how many entries each has (ATTACKS.md: 102 entries). */
    private static final Map<String, Integer> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put("ARC", 15);
        FAMILIES.put("NAME", 10);
        FAMILIES.put("TYPE", 6);
        FAMILIES.put("OFF", 14);
        FAMILIES.put("PDF", 9);
        FAMILIES.put("IMG", 3);
        FAMILIES.put("SVG", 2);
        FAMILIES.put("HTML", 2);
        FAMILIES.put("XML", 2);
        FAMILIES.put("SFTP", 5);
        FAMILIES.put("WEB", 8);
        FAMILIES.put("AUTH", 5);
        FAMILIES.put("SSRF", 1);
        FAMILIES.put("SRCH", 2);
        FAMILIES.put("LOG", 2);
        FAMILIES.put("F", 16);
    }

    @Test
    void everyCatalogueEntryHasOneRowAndEveryTestItNamesExists() throws IOException {
        Set<String> tests = testClasses();
        List<String> ids = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            ids.add(row.group(1));
            Matcher named = TEST.matcher(row.group(3));
            int count = 0;
            while (named.find()) {
                count++;
                if (!tests.contains(named.group(1))) {
                    problems.add(row.group(1) + " names " + named.group(1) + ", which is not a test here");
                }
            }
            boolean claims = row.group(2).equals("✔") || row.group(2).equals("◐");
            if (claims && count == 0) {
                problems.add(row.group(1) + " is marked " + row.group(2) + " but names no test");
            }
        }
        List<String> expected = new ArrayList<>();
        FAMILIES.forEach((family, n) -> {
            for (int i = 1; i <= n; i++) {
                expected.add(String.format(java.util.Locale.ROOT, "%s-%02d", family, i));
            }
        });
        assertThat(ids).as("one row per catalogue entry, in order").containsExactlyElementsOf(expected);
        assertThat(problems).isEmpty();
    }

    /** The simple names of every test source in the project (tests, ITs and their helpers). */
    private static Set<String> testClasses() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(tests)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(f -> f.endsWith(".java"))
                            .forEach(f -> names.add(f.substring(0, f.length() - ".java".length())));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        }
        return names;
    }
}
