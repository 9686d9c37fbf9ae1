/** The zone portals. */
@NullMarked
package jp.kakehashi.web;

import org.jspecify.annotations.NullMarked;
