package io.leakgate;

/**
 * A failure a person can act on: a bad config, an unreadable path, a broken repository.
 * The CLI prints its message as one line on stderr and exits with code 2.
 */
public class LeakgateException extends Exception {
    private static final long serialVersionUID = 1L;

    public LeakgateException(String message) {
        super(message);
    }

    public LeakgateException(String message, Throwable cause) {
        super(message, cause);
    }
}
