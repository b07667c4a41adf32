package dev.synckit.tests.e2e;

import static dev.synckit.tests.e2e.TwoDevicesConvergeTest.TODOS;
import static dev.synckit.tests.e2e.TwoDevicesConvergeTest.TODOS_DDL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.ConflictException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.testkit.TestServer;
import tools.jackson.databind.node.StringNode;

/** A retried push (for example after a lost response) never creates duplicates. */
class IdempotentRetryTest {

    @TempDir
    Path dir;

    @Test
    void theSameBatchPushedTwiceIsAppendedOnce() {
        try (var server = TestServer.start(dir.resolve("server"))) {
            var client = SyncKitClient.builder().serverUrl(server.uri()).apiKey(server.createUserWithKey("carol"))
                    .build();
            var space = client.account().defaultSpaceId();
            var device = client.registerDevice("laptop", "linux").deviceId();
            var ops = new ArrayList<Op>();
            var hlc = Hlc.ZERO;
            for (int i = 0; i < 20; i++) {
                hlc = hlc.tick(1_700_000_000_000L);
                ops.add(new Op(UUID.randomUUID(), "todos", "r" + i, OpKind.UPSERT,
                        Map.of("title", StringNode.valueOf("v" + i)), hlc, device, 1));
            }

            var first = client.push(space, device, ops);
            var retry = client.push(space, device, ops);

            assertThat(first.results()).allMatch(r -> r.status() == OpStatus.APPLIED);
            assertThat(retry.results()).allMatch(r -> r.status() == OpStatus.DUPLICATE);
            assertThat(retry.results()).extracting(r -> r.seq()).isEqualTo(first.results().stream()
                    .map(r -> r.seq()).toList());
            assertThat(retry.lastSeq()).isEqualTo(first.lastSeq());
            var page = client.pull(space, 0, 1000);
            assertThat(page.ops()).hasSize(20);
        }
    }

    @Test
    void theSameOpIdWithDifferentContentIsRefusedAndChangesNothing() {
        try (var server = TestServer.start(dir.resolve("server"))) {
            var client = SyncKitClient.builder().serverUrl(server.uri()).apiKey(server.createUserWithKey("dave"))
                    .build();
            var space = client.account().defaultSpaceId();
            var device = client.registerDevice("laptop", "linux").deviceId();
            var id = UUID.randomUUID();
            var hlc = Hlc.ZERO.tick(1_700_000_000_000L);
            client.push(space, device, java.util.List.of(new Op(id, "todos", "r", OpKind.UPSERT,
                    Map.of("title", StringNode.valueOf("one")), hlc, device, 1)));

            var forged = new Op(id, "todos", "r", OpKind.UPSERT, Map.of("title", StringNode.valueOf("two")),
                    hlc.tick(1_700_000_000_001L), device, 1);

            assertThatThrownBy(() -> client.push(space, device, java.util.List.of(forged)))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.code()).contains(ErrorCode.OP_ID_CONFLICT));
            assertThat(client.pull(space, 0, 100).ops()).singleElement()
                    .satisfies(o -> assertThat(o.op().fields().get("title").asString()).isEqualTo("one"));
        }
    }

    @Test
    void anEngineThatLostThePushResponseRetriesWithoutDuplicates() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"))) {
            var key = server.createUserWithKey("erin");
            try (var a = Replica.open(dir.resolve("a.db"), TODOS_DDL, TODOS, server.uri(), key);
                 var b = Replica.open(dir.resolve("b.db"), TODOS_DDL, TODOS, server.uri(), key)) {
                for (int i = 0; i < 30; i++) {
                    a.exec("INSERT INTO todos (id, title) VALUES (?, ?)", "id" + i, "title" + i);
                }
                var first = a.engine.sync();
                // The server accepted the batch but the device never learnt it: mark everything unpushed again.
                a.exec("UPDATE sync_changelog SET pushed = 0");

                var retry = a.engine.sync();
                b.engine.sync();

                assertThat(first.pushed()).isEqualTo(30);
                assertThat(retry.duplicate()).isEqualTo(30);
                assertThat(retry.pushed()).isZero();
                var client = SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build();
                assertThat(client.pull(client.account().defaultSpaceId(), 0, 1000).ops()).hasSize(30);
                assertThat(b.rows("todos", "id")).isEqualTo(a.rows("todos", "id")).hasSize(30);
            }
        }
    }
}
