/**
 * The search index: the text of sanitized renditions (never originals) in Lucene with Japanese
 * morphological analysis (Kuromoji, search mode), near-real-time, with each document's zone and
 * organisation so that a search returns only what the asking account may see.
 */
@NullMarked
package jp.kakehashi.appliance.index;

import org.jspecify.annotations.NullMarked;
