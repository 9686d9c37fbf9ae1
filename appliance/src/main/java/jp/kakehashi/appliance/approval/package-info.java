/**
 * Approvals (上長の決裁): requests a policy decision opens for an item, the votes of the people who
 * may give them, delegation (代理承認), escalation after the deadline and expiry. A request is
 * bound to the SHA-256 of the rendition it was opened for; the pipeline releases an item only
 * when every request is approved for exactly the bytes it is about to publish.
 */
@NullMarked
package jp.kakehashi.appliance.approval;

import org.jspecify.annotations.NullMarked;
