package dev.synckit.server.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.server.internal.store.OpCodec;

import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

class SqliteSetupTest {

    @TempDir
    Path dir;

    static String pragma(Connection c, String name) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void connectionsUseWalABusyTimeoutFullSyncAndForeignKeys() throws Exception {
        var setup = new SqliteSetup(dir.resolve("synckit.db"));
        setup.migrate();

        try (var c = setup.openWriter()) {
            assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(c, "busy_timeout")).isEqualTo(String.valueOf(SqliteSetup.BUSY_TIMEOUT_MILLIS));
            assertThat(pragma(c, "synchronous")).isEqualTo("2");
            assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
        }
    }

    @Test
    void readerConnectionsRefuseWrites() throws Exception {
        var setup = new SqliteSetup(dir.resolve("synckit.db"));
        setup.migrate();

        try (var c = setup.openReader(); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM users")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void migrationCreatesTheSchemaOnceAndRecordsTheNewestVersion() {
        var setup = new SqliteSetup(dir.resolve("nested/dir/synckit.db"));

        setup.migrate();
        setup.migrate();

        assertThat(setup.appliedVersion()).isEqualTo(SqliteSetup.SCHEMA_VERSION);
        assertThat(DatabaseSnapshot.of(dir.resolve("nested/dir/synckit.db"))).containsKeys("users", "spaces",
                "space_members", "api_keys", "devices", "ops", "superseded_ops", "device_clocks", "row_state",
                "device_cursors", "key_blobs");
    }

    @Test
    void aStoreAtTheOlderSchemaIsMigratedToTheNewestWhenOpened() {
        var file = dir.resolve("old.db");
        var old = storeAtVersion(file, "2");
        assertThat(DatabaseSnapshot.of(file)).doesNotContainKey("key_blobs");

        try (var store = SqliteStore.open(file)) {
            var user = store.createUser("alice", Instant.EPOCH);
            assertThat(store.putKeyBlob(user, "blob", 0, Instant.EPOCH)).isEqualTo(OptionalLong.of(1));
        }
        assertThat(new SqliteSetup(file).appliedVersion()).isEqualTo(SqliteSetup.SCHEMA_VERSION);
    }

    @Test
    void rowStatesOfAVersion3StoreSurviveTheMoveToARowidTable() throws Exception {
        var file = dir.resolve("v3.db");
        var old = storeAtVersion(file, "3");
        var space = UUID.randomUUID();
        var clock = "0001733000000000-0000@" + UUID.randomUUID();
        try (var c = old.getConnection(); var st = c.prepareStatement("INSERT INTO row_state VALUES (?, ?, ?, ?, ?)")) {
            // the first fields format, a row with a tombstone, and the current format
            Object[][] rows = {
                {space.toString(), "todos", "a", null, "{\"title\":[\"" + clock + "\",\"first\"]}"},
                {space.toString(), "todos", "b", clock, "{}"},
                {space.toString(), "todos", "c", null, "[[\"" + clock + "\"],{\"done\":1,\"title\":\"x\"}]"},
                {UUID.randomUUID().toString(), "todos", "a", null, "[[\"" + clock + "\"],{\"title\":\"other\"}]"}};
            for (var row : rows) {
                for (int i = 0; i < row.length; i++) {
                    st.setObject(i + 1, row[i]);
                }
                st.executeUpdate();
            }
        }

        try (var store = SqliteStore.open(file)) {
            assertThat(store.materializedRows(space, "todos")).containsOnlyKeys("a", "c");
            assertThat(store.materializedRows(space, "todos").get("a").get("title").asString()).isEqualTo("first");
            assertThat(store.materializedRows(space, "todos").get("c")).containsOnlyKeys("done", "title");
        }
        try (var c = old.getConnection(); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'row_state'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).doesNotContainIgnoringCase("WITHOUT ROWID");
            }
            try (var rs = st.executeQuery("SELECT count(*) FROM row_state")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
        }
        assertThat(new SqliteSetup(file).appliedVersion()).isEqualTo(SqliteSetup.SCHEMA_VERSION);
    }

    @Test
    void aVersion4StoreGetsARowKeyForEveryRowAndLaterPushesMergeIntoTheRowsItHad() throws Exception {
        var file = dir.resolve("v4.db");
        var old = storeAtVersion(file, "4");
        var user = UUID.randomUUID();
        var space = UUID.randomUUID();
        var otherSpace = UUID.randomUUID();
        var device = UUID.randomUUID();
        var clock = new Hlc(1_000, 0).encode() + "@" + device;
        try (var c = old.getConnection()) {
            sql(c, "INSERT INTO users VALUES (?, 'alice', ?, 0)", user, space);
            sql(c, "INSERT INTO spaces VALUES (?, ?, 0, 0)", space, user);
            sql(c, "INSERT INTO space_members VALUES (?, ?, 'owner')", space, user);
            sql(c, "INSERT INTO devices VALUES (?, ?, 'laptop', 'test', 0)", device, user);
            for (var row : new String[] {"a", "b", "c"}) {
                sql(c, "INSERT INTO row_state VALUES (?, 'todos', ?, NULL, ?)", space, row,
                        "[[\"" + clock + "\"],{\"title\":\"old " + row + "\"}]");
            }
            sql(c, "INSERT INTO row_state VALUES (?, 'todos', 'a', NULL, ?)", otherSpace,
                    "[[\"" + clock + "\"],{\"title\":\"other\"}]");
        }

        try (var store = SqliteStore.open(file)) {
            var ops = List.of(
                    new Op(UUID.randomUUID(), "todos", "a", OpKind.UPSERT, Map.of("title", StringNode.valueOf("new a")),
                            new Hlc(2_000, 0), device, 1),
                    new Op(UUID.randomUUID(), "todos", "b", OpKind.UPSERT, Map.of("done", IntNode.valueOf(1)),
                            new Hlc(2_001, 0), device, 1),
                    new Op(UUID.randomUUID(), "todos", "d", OpKind.UPSERT, Map.of("title", StringNode.valueOf("d")),
                            new Hlc(2_002, 0), device, 1));
            store.push(space, user, device, ops.stream().map(OpCodec::encode).toList());

            var rows = store.materializedRows(space, "todos");
            assertThat(rows).containsOnlyKeys("a", "b", "c", "d");
            assertThat(rows.get("a").get("title").asString()).isEqualTo("new a");
            assertThat(rows.get("b").get("title").asString()).isEqualTo("old b");
            assertThat(rows.get("b").get("done").asInt()).isEqualTo(1);
            assertThat(store.materializedRows(otherSpace, "todos").get("a").get("title").asString()).isEqualTo("other");
        }
        try (var c = old.getConnection(); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT space_id, tbl, row_id, row_key FROM row_state")) {
                int count = 0;
                while (rs.next()) {
                    count++;
                    assertThat(rs.getLong(4)).isEqualTo(RowKeys.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                assertThat(count).as("one state per row: pushes updated the migrated rows in place").isEqualTo(5);
            }
            try (var rs = st.executeQuery("SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema "
                    + "WHERE type = 'index' AND tbl_name = 'row_state' ORDER BY name)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("row_state_by_key,row_state_by_table");
            }
        }
        assertThat(new SqliteSetup(file).appliedVersion()).isEqualTo(SqliteSetup.SCHEMA_VERSION);
    }

    /** A store brought to an older schema version by the SQL migrations alone, as an older server left it. */
    private static SQLiteDataSource storeAtVersion(Path file, String version) {
        var store = new SQLiteDataSource();
        store.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Flyway.configure(SqliteSetupTest.class.getClassLoader()).dataSource(store)
                .locations("classpath:db/migration/sqlite").target(version).load().migrate();
        return store;
    }

    private static void sql(Connection c, String sql, Object... args) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i].toString());
            }
            st.executeUpdate();
        }
    }

    @Test
    void theSchemaVersionConstantNamesTheNewestMigration() throws URISyntaxException, Exception {
        var migrations = Path.of(SqliteSetupTest.class.getResource("/db/migration/sqlite").toURI());
        var version = Pattern.compile("V(\\d+)__.*\\.sql");

        int newest;
        try (var files = Files.list(migrations)) {
            newest = files.map(p -> version.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        for (var migration : SqliteSetup.JAVA_MIGRATIONS) {
            newest = Math.max(newest, Integer.parseInt(migration.getVersion().getVersion()));
        }

        assertThat(String.valueOf(newest)).isEqualTo(SqliteSetup.SCHEMA_VERSION);
    }
}
