/**
 * Retention enforced, not just declared: a scheduled job withdraws published renditions whose
 * time has run out (from their recipients' folders and from search) and erases the stored copies
 * of finished items past their time, auditing each removal.
 */
@NullMarked
package jp.kakehashi.appliance.retention;

import org.jspecify.annotations.NullMarked;
