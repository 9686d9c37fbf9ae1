/**
 * Transfer items as stored: {@link jp.kakehashi.appliance.item.TransferItem}, its states and the
 * store that moves it from one state to the next with a compare-and-set. The pipeline, approvals,
 * folders, quarantine and the front ends all read and move items through here, so none of them
 * depends on the pipeline's runner.
 */
@NullMarked
package jp.kakehashi.appliance.item;

import org.jspecify.annotations.NullMarked;
