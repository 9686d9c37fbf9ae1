package jp.kakehashi.appliance.store;

/**
 * One open transaction of the metadata store. Every store port call made inside a unit of work is
 * handed it, so that what several stores write (a folder version, its item and their audit record)
 * commits together or not at all. Opaque to the core: only the adapter that opened it looks inside.
 */
public interface Tx {}
