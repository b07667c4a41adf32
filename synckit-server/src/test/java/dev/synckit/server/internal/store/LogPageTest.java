package dev.synckit.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import tools.jackson.databind.JsonNode;

/** The pull body written from the stored page is the JSON of the protocol records, byte for byte. */
class LogPageTest {

    @TempDir
    Path dir;

    @Test
    void theStoredPageWritesExactlyTheJsonOfItsRecords() {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var now = Instant.EPOCH;
            store.createUser("alice", now);
            var secret = ApiKeys.newSecret();
            store.createApiKey(ApiKeys.newKeyId(), "alice", ApiKeys.hash(secret), now);
            var alice = store.authenticate(ApiKeys.hash(secret)).orElseThrow();
            var device = store.registerDevice(alice.userId(), new DeviceRegistration("pc", "linux"), now).deviceId();
            var fields = new LinkedHashMap<String, JsonNode>();
            fields.put("title", json("\"caf\\u00e9 \\\"quoted\\\" \\ud83d\\ude00 \\n\""));
            fields.put("amount", json("1.50"));
            fields.put("big", json("123456789012345678901234567890"));
            fields.put("meta", json("{\"b\":[1,null,true],\"a\":{\"z\":-0.0}}"));
            fields.put("note", json("null"));
            var ops = List.of(
                    new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT, fields, new Hlc(1_000, 0), device, 3),
                    new Op(UUID.randomUUID(), "todos", "r1", OpKind.DELETE, Map.of(), new Hlc(1_001, 0), device, 3,
                            7L),
                    new Op(UUID.randomUUID(), "lists", "l\u00e9", OpKind.UPSERT, Map.of("n", json("2")),
                            new Hlc(1_002, 1), device, 1));
            store.push(alice.defaultSpaceId(), alice.userId(), device, ops.stream().map(OpCodec::encode).toList());

            for (int limit : new int[] {1, 2, 10}) {
                var page = store.pullLog(alice.defaultSpaceId(), 0, limit, Long.MAX_VALUE);
                var records = page.toPullPage();

                assertThat(new String(page.toJson(), StandardCharsets.UTF_8))
                        .isEqualTo(ProtocolJson.mapper().writeValueAsString(records));
                assertThat(records.hasMore()).isEqualTo(limit < 3);
            }
            var all = store.pullLog(alice.defaultSpaceId(), 0, 10, Long.MAX_VALUE).toPullPage();
            assertThat(all.ops()).extracting(s -> s.op().opId()).containsExactly(ops.get(0).opId(),
                    ops.get(1).opId(), ops.get(2).opId());
            assertThat(all.ops().get(1).op().baseVersion()).isEqualTo(7L);
            assertThat(all.ops().get(0).op().fields()).isEqualTo(fields);
        }
    }

    private static JsonNode json(String text) {
        return ProtocolJson.mapper().readTree(text);
    }
}
