/**
 * The municipality's transfer policy: which flows between zones exist, which file types and sizes
 * each allows, and the engine that turns the facts about one file into a {@link
 * jp.kakehashi.policies.Decision} naming every rule that contributed. A flow with no rule is
 * denied.
 */
@NullMarked
package jp.kakehashi.policies;

import org.jspecify.annotations.NullMarked;
