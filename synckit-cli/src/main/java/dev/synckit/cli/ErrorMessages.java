package dev.synckit.cli;

/** Turns an exception into one line for the terminal: its message, or its type when it has none. */
final class ErrorMessages {

    private ErrorMessages() {
    }

    static String describe(Throwable ex) {
        var msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }
}
