/**
 * The exchange's rules, in one place: who may send to whom, where an upload goes, who receives
 * which delivered file, and what a completed download records. SFTP and the portals translate
 * their protocols into these calls and the answers back into replies; neither writes a rule of
 * its own.
 */
@NullMarked
package jp.kakehashi.appliance.transfer;

import org.jspecify.annotations.NullMarked;
