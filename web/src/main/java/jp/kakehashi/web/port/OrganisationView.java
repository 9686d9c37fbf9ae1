package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * A partner organisation as the administrators' pages name it.
 *
 * @param name its 団体名, or its id when none was given
 */
public record OrganisationView(String id, String name) {
    public OrganisationView {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
    }
}
