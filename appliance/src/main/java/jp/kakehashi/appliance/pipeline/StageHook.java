package jp.kakehashi.appliance.pipeline;

/**
 * Called after each state change is persisted. The daemon uses {@link #NONE}; crash tests use it
 * to stop the pipeline at a chosen state, as a killed process would.
 */
@FunctionalInterface
public interface StageHook {
    StageHook NONE = (item, state) -> {};

    void persisted(String itemId, ItemState state);
}
