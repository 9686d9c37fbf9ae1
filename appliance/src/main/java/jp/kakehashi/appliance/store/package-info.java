/**
 * The blob store: originals and renditions under random ids, AES-256-GCM per blob with a per-blob
 * key wrapped by the master key, written to a temp name, fsynced and renamed. User-supplied names
 * never reach the filesystem (DESIGN §7).
 */
@NullMarked
package jp.kakehashi.appliance.store;

import org.jspecify.annotations.NullMarked;
