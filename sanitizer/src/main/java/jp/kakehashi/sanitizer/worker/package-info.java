/**
 * The child side of the appliance's sanitizer workers: a JVM with a capped heap that reads
 * requests on its standard input and answers on its standard output, one file at a time.
 *
 * <p>The parent (the appliance's worker pool) owns time budgets, kills and recycling; a worker
 * only parses. The protocol is plain length-prefixed frames, never Java serialization.
 */
@NullMarked
package jp.kakehashi.sanitizer.worker;

import org.jspecify.annotations.NullMarked;
