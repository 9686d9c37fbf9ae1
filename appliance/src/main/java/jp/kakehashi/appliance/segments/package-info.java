/**
 * The three segments on the wire: which interface carries each zone, the check {@code kakehashi
 * up} makes of it before listening, and the nftables firewall generated from the same
 * configuration, so the rules and the listeners cannot drift apart.
 */
@NullMarked
package jp.kakehashi.appliance.segments;

import org.jspecify.annotations.NullMarked;
