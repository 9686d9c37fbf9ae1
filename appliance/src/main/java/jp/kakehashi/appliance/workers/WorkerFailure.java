package jp.kakehashi.appliance.workers;

/** A worker process ended or was killed while it served a request; the detail says which. */
final class WorkerFailure extends Exception {
    private static final long serialVersionUID = 1L;

    WorkerFailure(String detail) {
        super(detail);
    }
}
