/**
 * The Kakehashi daemon: {@link jp.kakehashi.appliance.Appliance} wires the stores, the pipeline,
 * the index and the per-zone listeners by hand; {@link jp.kakehashi.appliance.Main} is the only
 * entry point.
 */
@NullMarked
package jp.kakehashi.appliance;

import org.jspecify.annotations.NullMarked;
