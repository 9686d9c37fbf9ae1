/**
 * SFTP listeners, one per zone (Apache MINA SSHD), over a virtual tree built from the account's
 * rights: no real path is ever shown or touched, uploads stream into the encrypted store and
 * become transfer items only when the client closes the handle, and only the {@code sftp}
 * subsystem exists (no shell, exec, forwarding or agent).
 */
@NullMarked
package jp.kakehashi.appliance.sftp;

import org.jspecify.annotations.NullMarked;
