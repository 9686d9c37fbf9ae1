/**
 * What every other package builds on and which depends on none of them: the layout of the data
 * directory ({@link jp.kakehashi.appliance.base.DataDir}), the running release, and a refusal
 * with its reasons in Japanese and English ({@link jp.kakehashi.appliance.base.Refused}).
 */
@NullMarked
package jp.kakehashi.appliance.base;

import org.jspecify.annotations.NullMarked;
