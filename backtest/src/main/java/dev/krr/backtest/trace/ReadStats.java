package dev.krr.backtest.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a reader did with the rows of one file, so a backtest can say how much of its input it
 * used: rows read, bad rows skipped (with the first {@value #MAX_MESSAGES} messages), rows skipped
 * because they carry no provisioned CPU (Bitbrains' 0-core rows: the VM was not running), and rows
 * merged into an earlier row with the same timestamp.
 */
public final class ReadStats {

    static final int MAX_MESSAGES = 10;

    private long rows;
    private long badRows;
    private long unprovisionedRows;
    private long mergedDuplicateRows;
    private final List<String> messages = new ArrayList<>();

    void row() {
        rows++;
    }

    void bad(String message) {
        badRows++;
        if (messages.size() < MAX_MESSAGES) {
            messages.add(message);
        }
    }

    void unprovisioned() {
        unprovisionedRows++;
    }

    void mergedDuplicates(long n) {
        mergedDuplicateRows += n;
    }

    /** Adds another file's counts into this one. */
    public void addAll(ReadStats other) {
        rows += other.rows;
        badRows += other.badRows;
        unprovisionedRows += other.unprovisionedRows;
        mergedDuplicateRows += other.mergedDuplicateRows;
        for (String m : other.messages) {
            if (messages.size() < MAX_MESSAGES) {
                messages.add(m);
            }
        }
    }

    /** Data rows seen (header and comments excluded). */
    public long rows() {
        return rows;
    }

    public long badRows() {
        return badRows;
    }

    public long unprovisionedRows() {
        return unprovisionedRows;
    }

    public long mergedDuplicateRows() {
        return mergedDuplicateRows;
    }

    /** The first bad-row messages, each naming file, line and value. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }

    @Override
    public String toString() {
        return rows + " rows, " + badRows + " bad rows skipped, " + unprovisionedRows
                + " rows without provisioned CPU skipped, " + mergedDuplicateRows + " repeated timestamps merged";
    }
}
