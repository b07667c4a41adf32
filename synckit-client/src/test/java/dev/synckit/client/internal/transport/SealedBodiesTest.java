package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;

/** {@link SealedBodies} against Jackson's data binding of {@link PushRequest}, which it stands in for. */
class SealedBodiesTest {

    private static final UUID DEVICE = UUID.fromString("9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b");

    @Test
    void readsAWrittenBodyAsDataBindingDoes() {
        var json = writtenBody();

        var parsed = SealedBodies.read(json);
        var bound = ProtocolJson.mapper().readValue(json, PushRequest.class);

        assertThat(parsed.deviceId()).isEqualTo(bound.deviceId());
        assertThat(parsed.ops()).hasSize(5).isEqualTo(bound.ops());
        for (int i = 0; i < parsed.ops().size(); i++) {
            for (var field : bound.ops().get(i).fields().entrySet()) {
                assertThat(parsed.ops().get(i).fields().get(field.getKey())).as(field.getKey())
                        .hasSameClassAs(field.getValue());
            }
        }
    }

    @Test
    void writesTheBytesDataBindingWrites() {
        var ops = new ArrayList<>(SealedBodies.read(writtenBody()).ops());
        ops.add(new Op(UUID.randomUUID(), "notes", "n1", OpKind.UPSERT, Map.of("body", ProtocolJson.mapper().readTree("\"x\"")),
                new Hlc(1_764_561_600_123L, 4), DEVICE, 3, 42L));
        try (var sealer = OpSealer.create(MasterKey.generate(new SecureRandom()))) {
            var space = UUID.randomUUID();
            var sealed = ops.stream().map(op -> sealer.seal(space, op)).toList();

            for (var list : List.of(ops, sealed)) {
                assertThat(new String(SealedBodies.write(DEVICE, list, 16), StandardCharsets.UTF_8)).isEqualTo(
                        ProtocolJson.mapper().writeValueAsString(new PushRequest(DEVICE, list)));
            }
        }
    }

    @Test
    void refusesWhatIsNotAPushBody() {
        for (var text : List.of("[]", "{\"ops\":[]}", "{\"device_id\":\"" + DEVICE + "\"}",
                "{\"device_id\":\"" + DEVICE + "\",\"ops\":[{\"op_id\":\"x\"}]}",
                "{\"device_id\":\"" + DEVICE + "\",\"ops\":[]} {}")) {
            assertThatThrownBy(() -> SealedBodies.read(text.getBytes(StandardCharsets.UTF_8))).as(text)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Upserts of every kind of value, a delete, and a field the whitelist drops. */
    private static byte[] writtenBody() {
        var writer = new PushBodyWriter(DEVICE, 2);
        var columns = Set.of("title", "done", "qty", "big", "price", "tags", "meta", "note");
        var data = new LinkedHashMap<String, String>();
        data.put("title", "{\"title\":\"Buy \\\"oat\\\" milk \\u00e9\",\"done\":1,\"hidden\":\"x\"}");
        data.put("numbers", "{\"qty\":2147483648,\"big\":123456789012345678901234567890,\"price\":19.99,"
                + "\"done\":-7}");
        data.put("nested", "{\"tags\":[\"a\",{\"b\":null}],\"meta\":{\"k\":true},\"note\":null}");
        data.put("flags", "{\"done\":false,\"title\":\"\"}");
        int i = 0;
        for (var row : data.entrySet()) {
            writer.add(UUID.randomUUID().toString(), "todos", row.getKey(), false, row.getValue(),
                    new Hlc(1_764_561_600_000L + i++, 0).encode(), columns);
        }
        writer.add(UUID.randomUUID().toString(), "todos", "gone", true, null, new Hlc(1_764_561_700_000L, 0).encode(),
                columns);
        return writer.finish().json();
    }
}
