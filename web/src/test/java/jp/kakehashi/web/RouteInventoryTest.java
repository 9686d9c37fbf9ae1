package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Zone;
import org.junit.jupiter.api.Test;

/**
 * The route inventory (ISSUE 21 §8, ATTACKS WEB-01): {@code web/ROUTES.md} lists every route the
 * portals answer, with its zones, how far sign-in must have gone and the roles that may use it.
 * A route added, removed or given other zones or roles without the inventory saying so fails
 * here, so that what a reviewer reads is what the appliance answers. The matrix test then proves
 * the table is enforced.
 */
class RouteInventoryTest {
    private static final Path INVENTORY = Path.of("ROUTES.md");

    @Test
    void theInventoryListsExactlyTheRoutesThePortalsAnswer() throws Exception {
        List<String> answered;
        try (LocalPortals portals = new LocalPortals()) {
            answered = portals.portal.routes().stream()
                    .map(RouteInventoryTest::row)
                    .toList();
        }
        // What the inventory should hold, for a developer to copy after checking every change.
        Path expected = Path.of("target", "ROUTES.rows.md");
        Files.createDirectories(expected.getParent());
        Files.write(expected, answered, StandardCharsets.UTF_8);

        Set<String> listed = Files.readAllLines(INVENTORY, StandardCharsets.UTF_8).stream()
                .filter(l -> l.matches("\\| (GET|POST|PUT|PATCH|DELETE|HEAD) \\|.*"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = new ArrayList<>(answered);
        missing.removeAll(listed);
        List<String> stale = new ArrayList<>(listed);
        stale.removeAll(answered);
        assertThat(missing)
                .as("routes the portals answer that ROUTES.md does not list (see %s)", expected)
                .isEmpty();
        assertThat(stale).as("rows of ROUTES.md that no route answers").isEmpty();
        assertThat(listed).as("one row per route").hasSameSizeAs(answered);
    }

    /** {@code | POST | /items/{id}/approve | lgwan | signed in | STAFF OFFICER |} */
    static String row(Route r) {
        String zones = java.util.Arrays.stream(Zone.values())
                .filter(r.zones()::contains)
                .map(Zone::word)
                .collect(Collectors.joining(" "));
        String roles = r.roles().isEmpty()
                ? "—"
                : java.util.Arrays.stream(Role.values())
                        .filter(r.roles()::contains)
                        .map(Role::name)
                        .collect(Collectors.joining(" "));
        String access = r.access().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return "| " + r.method() + " | `" + r.pattern() + "` | " + zones + " | " + access + " | " + roles + " |";
    }
}
