package dev.synckit.tests.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.testkit.PgDatabase;
import dev.synckit.testkit.TestServer;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/** End to end on PostgreSQL: two devices of one user converge through a server whose store is PostgreSQL. */
@Tag("postgres")
class PostgresSyncTest {

    static PgDatabase db;

    @TempDir
    Path dir;
    TestServer server;
    String key;

    @BeforeAll
    static void createDatabase() {
        db = PgDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void startServer() {
        db.truncateAll();
        server = TestServer.startPostgres(dir.resolve("server"), db.jdbcUrl());
        key = server.createUserWithKey("alice");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    SqliteApp app(String name) throws Exception {
        return SqliteApp.open(dir.resolve(name + ".db"), server.uri(), key);
    }

    @Test
    void addUpdateAndDeleteConvergeOnBothDevicesAndOnTheServer() throws Exception {
        try (var a = app("a"); var b = app("b")) {
            for (var title : new String[] {"milk", "bread", "eggs"}) {
                a.exec("INSERT INTO todos (id, title) VALUES (?, ?)", title + "-id", title);
            }
            a.engine.sync();
            b.engine.sync();
            assertThat(b.todos()).isEqualTo(a.todos()).hasSize(3);

            b.exec("UPDATE todos SET title = 'oat milk' WHERE id = 'milk-id'");
            a.exec("DELETE FROM todos WHERE id = 'bread-id'");
            a.exec("UPDATE todos SET done = 1 WHERE id = 'eggs-id'");
            b.engine.sync();
            a.engine.sync();
            b.engine.sync();

            assertThat(a.todos()).isEqualTo(b.todos());
            assertThat(a.todos()).extracting(r -> r.get("id") + ":" + r.get("title") + ":" + r.get("done"))
                    .containsExactly("eggs-id:eggs:1", "milk-id:oat milk:0");
            var rows = server.server().materializedRows(spaceOfAlice(), "todos");
            assertThat(rows).containsOnlyKeys("eggs-id", "milk-id");
            assertThat(rows.get("milk-id")).containsEntry("title", StringNode.valueOf("oat milk"));
            assertThat(rows.get("eggs-id")).containsEntry("done", IntNode.valueOf(1));
        }
    }

    @Test
    void offlineEditsOfDifferentFieldsOnTwoDevicesBothSurvive() throws Exception {
        try (var a = app("a"); var b = app("b")) {
            a.exec("INSERT INTO todos (id, title) VALUES ('x', 'original')");
            a.engine.sync();
            b.engine.sync();

            a.exec("UPDATE todos SET title = 'renamed on a' WHERE id = 'x'");
            b.exec("UPDATE todos SET done = 1 WHERE id = 'x'");
            a.engine.sync();
            b.engine.sync();
            a.engine.sync();

            assertThat(a.todos()).isEqualTo(b.todos());
            assertThat(a.todos()).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("title", "renamed on a");
                assertThat(r).containsEntry("done", 1);
            });
        }
    }

    @Test
    void theOpsAreStoredInPostgresql() throws Exception {
        try (var a = app("a")) {
            a.exec("INSERT INTO todos (id, title) VALUES ('x', 'stored')");

            a.engine.sync();

            try (var c = db.connect(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*), max(seq) FROM ops WHERE tbl = 'todos' AND row_id = 'x'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getLong(2)).isEqualTo(1);
            }
        }
    }

    private UUID spaceOfAlice() throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(server.uri().resolve("/v1/me"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            return ProtocolJson.mapper().readValue(response.body(), AccountInfo.class).defaultSpaceId();
        }
    }
}
