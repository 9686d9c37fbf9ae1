/**
 * My Number import profiles (マイナンバー系への取り込みデータ): the layouts a policy declares for
 * data sent to the My Number zone (CSV or fixed-width, columns, types, encoding), and the reader
 * that checks a file row by row against its layout and writes it anew, so that no byte of what
 * was sent crosses unexamined.
 */
@NullMarked
package jp.kakehashi.policies.imports;

import org.jspecify.annotations.NullMarked;
