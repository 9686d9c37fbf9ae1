package jp.kakehashi.policies;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A sender or recipient as policy sees it: the user, the groups they belong to (課, 係, role
 * groups such as {@code kacho}) and their organisation (a partner's company, or the city).
 */
public record Party(String user, Set<String> groups, String organisation) {
    public Party {
        requireNonNull(user, "user");
        groups = Set.copyOf(groups);
        requireNonNull(organisation, "organisation");
    }

    /** Someone not known to the appliance (e.g. an anonymous recipient): matches no pattern. */
    public static Party unknown() {
        return new Party("", Set.of(), "");
    }

    /**
     * Whether any pattern names this party: {@code user:NAME}, {@code group:NAME} or {@code org:NAME}.
     * The loader has already refused any other form.
     */
    public boolean matchesAny(List<String> patterns) {
        for (String p : patterns) {
            int colon = p.indexOf(':');
            String kind = p.substring(0, colon);
            String name = p.substring(colon + 1);
            boolean hit = switch (kind) {
                case "user" -> name.equals(user);
                case "group" -> groups.contains(name);
                case "org" -> name.equals(organisation);
                default -> false;
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }
}
