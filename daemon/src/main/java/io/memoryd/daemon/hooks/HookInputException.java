package io.memoryd.daemon.hooks;

/**
 * A hook's input that memoryd cannot use: not a JSON object, a required field missing or blank, a field of
 * the wrong type or too long. The message names the field and the problem
 * ({@code session_id must be a string, got a number}); the gateway answers it with HTTP 400. Thrown before
 * anything is read or written.
 */
public final class HookInputException extends Exception {

    private static final long serialVersionUID = 1L;

    public HookInputException(String message) {
        super(message);
    }
}
