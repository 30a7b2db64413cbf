package io.sessionstores.core.store;

/**
 * The backend could not do what was asked: unreachable, timed out, or answered with an error.
 * The message never contains a session id in clear.
 */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
