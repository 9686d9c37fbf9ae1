package jp.kakehashi.appliance.transfer;

import static java.util.Objects.requireNonNull;

import jp.kakehashi.policies.Flow;

/**
 * Where a whole upload goes: the flow it crosses and the partner organisation it comes from or
 * goes to (for staff sending to My Number, their own).
 */
public record Drop(Flow flow, String organisation) {
    public Drop {
        requireNonNull(flow, "flow");
        requireNonNull(organisation, "organisation");
    }
}
