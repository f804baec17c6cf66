package dev.krr.collector.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts time into aligned, non-overlapping windows. Alignment to the window length (epoch-based)
 * makes windows identical across restarts: 1 h windows always start at :00, so a collector that
 * resumes from a watermark produces exactly the windows it would have produced without stopping.
 */
public final class TimeWindows {

    private TimeWindows() {
    }

    /** The latest instant {@code <= t} that is a multiple of {@code length} since the epoch. 10:37 with 1 h is 10:00. */
    public static Instant floor(Instant t, Duration length) {
        long ms = length.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    /**
     * {@code [from, to)} cut at multiples of {@code length}; the first and last window may be
     * shorter when {@code from}/{@code to} are not aligned. 09:30..12:00 by 1 h gives
     * [09:30,10:00) [10:00,11:00) [11:00,12:00).
     */
    public static List<Instant[]> split(Instant from, Instant to, Duration length) {
        List<Instant[]> out = new ArrayList<>();
        Instant s = from;
        while (s.isBefore(to)) {
            Instant next = floor(s, length).plus(length);
            Instant e = next.isAfter(to) ? to : next;
            out.add(new Instant[] {s, e});
            s = e;
        }
        return out;
    }
}
