package dev.synckit.server.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.server.internal.store.RowKey;
import dev.synckit.server.internal.store.RowState;

class SqlitePushTransactionTest {

    @TempDir
    Path dir;

    @Test
    void aRowStateSavedWithoutALookupIsRefusedAndNothingIsWritten() throws Exception {
        var setup = new SqliteSetup(dir.resolve("synckit.db"));
        setup.migrate();
        try (var c = setup.openWriter()) {
            var tx = new SqlitePushTransaction(c, UUID.randomUUID());

            assertThatThrownBy(() -> tx.saveRows(List.of(RowState.empty("todos", "a"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("without being looked up");
            assertThat(count(c)).isZero();
        }
    }

    @Test
    void aRowIsInsertedOnceAndThenUpdatedInPlaceByLaterTransactions() throws Exception {
        var setup = new SqliteSetup(dir.resolve("synckit.db"));
        setup.migrate();
        var space = UUID.randomUUID();
        var key = new RowKey("todos", "a");
        try (var c = setup.openWriter()) {
            var first = new SqlitePushTransaction(c, space);
            assertThat(first.rows(List.of(key))).isEmpty();
            first.saveRows(List.of(RowState.empty("todos", "a")));
            // a second save of the same lookup would insert twice: the lookup is used up
            assertThatThrownBy(() -> first.saveRows(List.of(RowState.empty("todos", "a"))))
                    .isInstanceOf(IllegalStateException.class);

            var second = new SqlitePushTransaction(c, space);
            var found = second.rows(List.of(key, new RowKey("todos", "b")));
            assertThat(found).containsOnlyKeys(key);
            second.saveRows(List.of(found.get(key)));
            // the same row id in another space is another row
            var other = new SqlitePushTransaction(c, UUID.randomUUID());
            assertThat(other.rows(List.of(key))).isEmpty();
            other.saveRows(List.of(RowState.empty("todos", "a")));

            assertThat(count(c)).isEqualTo(2);
        }
    }

    private static int count(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM row_state")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
