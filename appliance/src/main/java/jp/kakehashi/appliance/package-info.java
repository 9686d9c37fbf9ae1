/**
 * The Kakehashi daemon: {@link jp.kakehashi.appliance.Appliance} wires the stores, the pipeline,
 * the index and the per-zone listeners by hand; {@link jp.kakehashi.appliance.Main} is the only
 * entry point. Only the command line ({@code cli}) depends on this package: it is the top of the
 * program, and the types others build on live in {@code base}.
 */
@NullMarked
package jp.kakehashi.appliance;

import org.jspecify.annotations.NullMarked;
