/**
 * Quarantine review: a security officer looks at the files the appliance stopped (quarantined
 * or blocked) and may take one's original out with a written reason, for their own analysis.
 * The file stays stopped and is never delivered; the release and every download are audited.
 */
@NullMarked
package jp.kakehashi.appliance.quarantine;

import org.jspecify.annotations.NullMarked;
