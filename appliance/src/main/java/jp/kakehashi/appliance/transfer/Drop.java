package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import jp.kakehashi.policies.Flow;

/**
 * Where a whole upload goes: the flow it crosses, the partner organisation it comes from or goes
 * to (for staff sending to My Number, their own), and the city's department it is addressed to
 * (from a partner) or comes from (from staff); a partner's file sent to the city without naming a
 * department has none.
 */
public record Drop(Flow flow, String organisation, Optional<String> department) {
    public Drop {
        requireNonNull(flow, "flow");
        requireNonNull(organisation, "organisation");
        requireNonNull(department, "department");
    }
}
