package io.tcpwhy.capture;

/** A wall clock that stands still until the test moves it. */
final class FakeClock implements LiveClock {

    private long nanos;

    FakeClock(long epochNanos) {
        this.nanos = epochNanos;
    }

    @Override
    public long epochNanos() {
        return nanos;
    }

    void set(long epochNanos) {
        nanos = epochNanos;
    }

    void advanceMillis(long millis) {
        nanos += millis * 1_000_000L;
    }
}
