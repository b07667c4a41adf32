package dev.synckit.server.internal.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.sqlite.SqliteStore;

import tools.jackson.databind.JsonNode;

/**
 * Three logged ops whose text is easy to get wrong when written from the stored JSON instead of the records: fields
 * that need escaping (quotes, a control character, an emoji, {@code </script>}), exact decimals and a number too big
 * for a long, nesting, an explicit null, a delete with a base version, and a non-ASCII row id.
 */
public final class TrickyOps {

    private TrickyOps() {
    }

    /**
     * The pushed ops.
     *
     * @param space the space they were pushed to
     * @param ops the ops, in log order
     * @param fields the fields of the first op
     */
    public record Pushed(UUID space, List<Op> ops, Map<String, JsonNode> fields) {
    }

    /** Creates a user and a device in the store and pushes the three ops to the user's default space. */
    public static Pushed push(SqliteStore store) {
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
        return new Pushed(alice.defaultSpaceId(), ops, fields);
    }

    private static JsonNode json(String text) {
        return ProtocolJson.mapper().readTree(text);
    }
}
