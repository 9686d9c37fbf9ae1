/**
 * Continuity (業務継続): online, incremental, signed backups of a data directory, their
 * verification, a restore into an empty directory, and the key file that travels apart from them.
 */
@NullMarked
package jp.kakehashi.appliance.backup;

import org.jspecify.annotations.NullMarked;
