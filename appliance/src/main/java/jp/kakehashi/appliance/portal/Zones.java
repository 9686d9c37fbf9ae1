package jp.kakehashi.appliance.portal;

import jp.kakehashi.policies.Zone;

/** The web module's zones are the policy's zones under the same names; the two modules do not depend on each other. */
public final class Zones {
    private Zones() {}

    public static Zone domain(jp.kakehashi.web.port.Zone zone) {
        return Zone.valueOf(zone.name());
    }

    public static jp.kakehashi.web.port.Zone web(Zone zone) {
        return jp.kakehashi.web.port.Zone.valueOf(zone.name());
    }
}
