package jp.kakehashi.appliance.pipeline;

import jp.kakehashi.appliance.item.ItemState;

/**
 * Points where a test can stop the pipeline as a killed process would (ATTACKS F-06): before a
 * step's side effects begin, and after its new state is persisted. The daemon uses {@link #NONE}.
 */
public interface StageHook {
    StageHook NONE = new StageHook() {};

    /** A worker is about to run the step that leaves {@code state}. */
    default void starting(String itemId, ItemState state) {}

    /** {@code state} has been persisted for the item. */
    default void persisted(String itemId, ItemState state) {}
}
