package dev.synckit.client.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work on a connection, run inside one transaction by {@link Database#inTransaction}.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {

    /**
     * Does the work.
     *
     * @param connection the connection, inside an open transaction
     * @return the result
     * @throws SQLException if a statement fails; the transaction is then rolled back
     */
    T run(Connection connection) throws SQLException;
}
