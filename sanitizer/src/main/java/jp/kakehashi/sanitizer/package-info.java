/**
 * Detects a file's true type, scans it with clamd, rebuilds it without active content and
 * extracts its text.
 *
 * <p>A library: no threads, no listeners, no knowledge of zones or users. Expected outcomes
 * (infected, refused, cannot scan) are values; exceptions mean a bug or broken infrastructure.
 *
 * <pre>
 *   Sanitizer.detect(file, name)   -> Detection      (Tika, content first, name as a hint)
 *   ClamdClient.scan(stream)       -> ScanOutcome    (Clean | Infected | Unscannable | Unavailable)
 *   Sanitizer.disarm(file, type)   -> DisarmResult   (Disarmed + removals | Refused + reason)
 *   Sanitizer.extractText(file)    -> String         (for the search index)
 * </pre>
 */
@NullMarked
package jp.kakehashi.sanitizer;

import org.jspecify.annotations.NullMarked;
