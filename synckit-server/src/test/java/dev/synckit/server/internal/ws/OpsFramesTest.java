package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.LogPage;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import tools.jackson.databind.JsonNode;

/** An {@code ops} frame written from the stored log is the text of the {@link ServerFrame.Ops} record, exactly. */
class OpsFramesTest {

    @TempDir
    Path dir;

    @Test
    void aFrameWrittenFromTheStoredOpsIsExactlyTheRecordsFrame() {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var space = pushTrickyOps(store);
            var page = store.pullLog(space, 0, 10, Long.MAX_VALUE);
            var records = page.toPullPage().ops();

            for (int from = 0; from < page.ops().size(); from++) {
                var stored = page.ops().subList(from, page.ops().size());

                assertThat(OpsFrames.encode(space, stored)).as("frame of the ops from index %d", from)
                        .isEqualTo(Frames.encode(new ServerFrame.Ops(space, records.subList(from, records.size()))));
            }
            assertThat(ProtocolJson.mapper().readValue(OpsFrames.encode(space, page.ops()), ServerFrame.class))
                    .isEqualTo(new ServerFrame.Ops(space, records));
        }
    }

    @Test
    void anEmptyOrNonContiguousFrameIsRefusedLikeTheRecord() {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var space = pushTrickyOps(store);
            var ops = store.pullLog(space, 0, 10, Long.MAX_VALUE).ops();

            assertThatThrownBy(() -> OpsFrames.encode(space, List.of(ops.get(0), ops.get(2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contiguous");
            assertThatThrownBy(() -> OpsFrames.encode(space, List.<LogPage.Entry>of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        }
    }

    /** Pushes three ops whose fields need escaping, exact numbers and nesting; returns their space. */
    private static UUID pushTrickyOps(SqliteStore store) {
        var now = Instant.EPOCH;
        store.createUser("alice", now);
        var secret = ApiKeys.newSecret();
        store.createApiKey(ApiKeys.newKeyId(), "alice", ApiKeys.hash(secret), now);
        var alice = store.authenticate(ApiKeys.hash(secret)).orElseThrow();
        var device = store.registerDevice(alice.userId(), new DeviceRegistration("pc", "linux"), now).deviceId();
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", json("\"caf\\u00e9 \\\"quoted\\\" \\ud83d\\ude00 \\n \\u0001 </script>\""));
        fields.put("amount", json("1.50"));
        fields.put("big", json("123456789012345678901234567890"));
        fields.put("meta", json("{\"b\":[1,null,true],\"a\":{\"z\":-0.0}}"));
        fields.put("note", json("null"));
        var ops = List.of(
                new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT, fields, new Hlc(1_000, 0), device, 3),
                new Op(UUID.randomUUID(), "todos", "r1", OpKind.DELETE, Map.of(), new Hlc(1_001, 0), device, 3, 7L),
                new Op(UUID.randomUUID(), "lists", "l\u00e9", OpKind.UPSERT, Map.of("n", json("2")),
                        new Hlc(1_002, 1), device, 1));
        store.push(alice.defaultSpaceId(), alice.userId(), device, ops.stream().map(OpCodec::encode).toList());
        return alice.defaultSpaceId();
    }

    private static JsonNode json(String text) {
        return ProtocolJson.mapper().readTree(text);
    }
}
