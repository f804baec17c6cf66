package dev.krr.cli.output;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress of long work (backfill, scans). On a terminal: one bar redrawn in place
 * ({@code backfill [#########-----------] 45%}); elsewhere (CI logs, pipes): a plain line per 10 %
 * step, so logs stay short; with {@code --quiet}: nothing.
 */
public final class Progress {

    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean terminal;
    private final boolean quiet;
    private final Map<String, Integer> lastStep = new HashMap<>();

    private Progress(PrintWriter out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    public static Progress forStream(PrintWriter out, boolean terminal, boolean quiet) {
        return new Progress(out, terminal, quiet);
    }

    /** A message line. */
    public void line(String message) {
        if (!quiet) {
            out.println((terminal ? "\r" : "") + "krr: " + message);
        }
    }

    /** Updates the progress of {@code task} to {@code percent} (0..100). */
    public void percent(String task, double percent) {
        if (quiet) {
            return;
        }
        double p = Math.max(0, Math.min(100, percent));
        if (terminal) {
            int filled = (int) Math.round(p / 100 * WIDTH);
            out.print("\rkrr: " + task + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + Math.round(p) + "%   ");
            out.flush();
        } else {
            int step = (int) (p / 10);
            if (lastStep.getOrDefault(task, -1) < step) {
                lastStep.put(task, step);
                out.println("krr: " + task + " " + step * 10 + "%");
            }
        }
    }

    /** Marks {@code task} complete. */
    public void done(String task) {
        if (quiet) {
            return;
        }
        percent(task, 100);
        if (terminal) {
            out.println();
        }
    }
}
