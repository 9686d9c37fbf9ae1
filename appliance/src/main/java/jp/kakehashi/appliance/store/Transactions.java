package jp.kakehashi.appliance.store;

/**
 * Units of work over the metadata store, the one thing the core asks of it besides the store
 * ports: a writing unit commits whole or not at all; a reading unit sees one consistent snapshot
 * and writes nothing. Store port calls made inside are handed the unit's {@link Tx}.
 */
public interface Transactions {
    /** A unit of work; a runtime exception thrown from it rolls the unit back and leaves as it is. */
    @FunctionalInterface
    interface TxWork<T> {
        T run(Tx tx);
    }

    <T> T writing(TxWork<T> work);

    /** Inside a writing unit, runs in that unit and sees what it wrote so far. */
    <T> T reading(TxWork<T> work);
}
