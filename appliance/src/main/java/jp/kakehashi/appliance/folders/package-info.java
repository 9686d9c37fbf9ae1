/**
 * Shared folders (共有フォルダ): one original per file, every change a new version that crosses
 * between zones only through the pipeline, with members, roles, check-out locks and conflicts
 * refused instead of lost updates.
 */
@NullMarked
package jp.kakehashi.appliance.folders;

import org.jspecify.annotations.NullMarked;
