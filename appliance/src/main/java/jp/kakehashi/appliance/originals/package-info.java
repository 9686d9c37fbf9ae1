/**
 * 原本取り出し: a staff member asks, with a written reason, for the original of a file the
 * appliance disarmed; the approvers the policy names decide; the original is scanned again and,
 * if clean and unchanged, made available to that one person for a limited time, then withdrawn.
 * Every step is audited.
 */
@NullMarked
package jp.kakehashi.appliance.originals;

import org.jspecify.annotations.NullMarked;
