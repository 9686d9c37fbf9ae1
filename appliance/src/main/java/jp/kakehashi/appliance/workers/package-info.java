/**
 * Sanitizer worker processes: every parse of an untrusted file (type detection, disarm and
 * verification, text extraction) runs in a separate JVM with a capped heap, a time budget, no
 * network where the kernel allows it, and a limited number of files before it is replaced.
 *
 * <p>A worker that runs out of memory or time is killed and that one file ends as
 * {@code RESOURCE_LIMIT}; other items go on in other workers (DESIGN §7, ATTACKS F-11).
 */
@NullMarked
package jp.kakehashi.appliance.workers;

import org.jspecify.annotations.NullMarked;
