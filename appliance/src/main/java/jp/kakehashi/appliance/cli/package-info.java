/**
 * The {@code kakehashi} command line (DESIGN §6): {@code up}, {@code sanitize}, {@code policy
 * check}, {@code audit verify|export}, {@code user add} and {@code search}. Machine-readable
 * commands print one JSON object on stdout; messages for people go to stderr.
 */
@NullMarked
package jp.kakehashi.appliance.cli;

import org.jspecify.annotations.NullMarked;
