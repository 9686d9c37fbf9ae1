package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A department of the city (課) as the administrators' page shows it.
 *
 * @param id its staff accounts' organisation and its SFTP folder name
 * @param reception whether it receives what partners send to no department (受付)
 * @param partners the partner organisations it works with; empty means all
 */
public record DepartmentView(String id, String name, boolean reception, List<String> partners) {
    public DepartmentView {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        partners = List.copyOf(partners);
    }
}
