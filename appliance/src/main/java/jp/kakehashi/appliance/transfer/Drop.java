package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import jp.kakehashi.policies.Flow;

/**
 * Where a whole upload goes: the flow it crosses, the partner organisation it comes from or goes
 * to (for staff sending to My Number, their own), and the city's department it is addressed to
 * (from a partner) or comes from (from staff); a partner's file sent to the city without naming a
 * department has none. A partner's file may name one person of the department, who alone receives it.
 */
public record Drop(Flow flow, String organisation, Optional<String> department, Optional<String> recipient) {
    public Drop {
        requireNonNull(flow, "flow");
        requireNonNull(organisation, "organisation");
        requireNonNull(department, "department");
        requireNonNull(recipient, "recipient");
    }

    /** A drop for a whole department (or none), as every drop but a partner's to one person is. */
    public Drop(Flow flow, String organisation, Optional<String> department) {
        this(flow, organisation, department, Optional.empty());
    }
}
