package dev.krr.collector;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock the test or benchmark moves by hand: time that jumps (a crash and a restart hours
 * later, a scrape round every 30 s of an hour that runs in seconds) without waiting for it.
 */
public final class MovableClock extends Clock {

    /** The instant every read of this clock returns until it is set again. */
    public volatile Instant now;

    public MovableClock(Instant now) {
        this.now = now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
