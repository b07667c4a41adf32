package dev.synckit.server.internal.store.postgres;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.jspecify.annotations.Nullable;

import dev.synckit.server.internal.store.StoreException;

/**
 * Sorts PostgreSQL failures by SQLState: which ones a transaction retries at once, and which ones mean "the
 * database is unavailable right now" ({@link StoreException#transientFailure()}, answered with {@code 503}).
 */
final class PgFailures {

    /** The SQLState of a unique-constraint violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private PgFailures() {
    }

    /**
     * Tells whether running the whole transaction again may succeed: a serialization failure or a deadlock, where
     * PostgreSQL chose this transaction as the one to abort.
     */
    static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /**
     * Tells whether a failure means the database cannot serve right now, rather than a bug or a broken schema:
     * no connection (pool timeout, refused, reset: class 08), server shutting down or starting (57P0x), out of
     * connections or resources (53), lock or statement timeout (55P03, 57014), a read-only server after a
     * failover (25006), and the retryable states once the retries are used up.
     */
    static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException || retryable(e)) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("55P03") || state.equals("57014") || state.equals("25006");
    }

    /**
     * Translates a JDBC failure into the store's exception.
     *
     * @param what what was being done, for the message
     * @param e the failure; its message names no values (the driver's messages quote no bind parameters)
     * @return the exception to throw
     */
    static StoreException failure(String what, SQLException e) {
        return new StoreException(what + " failed: " + describe(e), e, unavailable(e));
    }

    private static String describe(SQLException e) {
        String state = e.getSQLState();
        return (state == null ? "" : "[" + state + "] ") + firstLine(e.getMessage());
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
