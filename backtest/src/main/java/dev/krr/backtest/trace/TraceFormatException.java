package dev.krr.backtest.trace;

/** A row or file that cannot be read; the message names the file, the line and the bad value. */
public class TraceFormatException extends RuntimeException {

    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
