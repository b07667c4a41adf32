package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.client.internal.transport.PushBody;
import dev.synckit.client.internal.transport.BulkTransport;
import dev.synckit.client.internal.transport.SealingTransport;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PushRequest;
import dev.synckit.testkit.TestServer;

import tools.jackson.databind.node.StringNode;

/**
 * Sealing is deterministic, so a push retried after a lost answer (the engine re-reads its changelog and seals the
 * same ops again, possibly with a fresh sealer after a restart) is recognized by the server as a duplicate rather
 * than refused as an {@code op_id_conflict}; and what comes back opens to the ops that were pushed.
 */
class SealedRetryTest {

    @TempDir
    Path dir;

    @Test
    void theSameBatchSealedTwiceIsAppendedOnceAndOpensToThePlaintext() {
        try (var server = TestServer.start(dir.resolve("server"));
             var client = SyncKitClient.builder().serverUrl(server.uri()).apiKey(server.createUserWithKey("erin"))
                     .build()) {
            var space = client.account().defaultSpaceId();
            var device = client.registerDevice("laptop", "linux").deviceId();
            var ops = new ArrayList<Op>();
            var hlc = Hlc.ZERO;
            for (int i = 0; i < 20; i++) {
                hlc = hlc.tick(1_700_000_000_000L);
                ops.add(new Op(UUID.randomUUID(), "todos", "r" + i, OpKind.UPSERT,
                        Map.of("title", StringNode.valueOf("value " + i)), hlc, device, 1));
            }
            var body = new PushBody(ProtocolJson.mapper().writeValueAsBytes(new PushRequest(device, ops)),
                    ops.stream().map(Op::opId).toList());
            var key = MasterKey.generate(new SecureRandom());

            try (var sealer = OpSealer.create(key); var restarted = OpSealer.create(key)) {
                var first = SealingTransport.over(BulkTransport.of(client), sealer).pushBody(space, body);
                var retry = SealingTransport.over(BulkTransport.of(client), restarted).pushBody(space, body);
                var page = SealingTransport.over(BulkTransport.of(client), sealer).pullPage(space, 0, 1000);

                assertThat(first.results()).allMatch(r -> r.status() == OpStatus.APPLIED);
                assertThat(retry.results()).allMatch(r -> r.status() == OpStatus.DUPLICATE);
                assertThat(page.ops()).hasSize(20).allSatisfy(o -> {
                    assertThat(o.table()).isEqualTo("todos");
                    assertThat(o.columns()).containsExactly("title");
                    assertThat(o.values()).containsExactly("value " + o.rowId().substring(1));
                });
                assertThat(client.pull(space, 0, 1000).ops()).allSatisfy(o -> {
                    assertThat(o.op().table()).startsWith("e1_");
                    assertThat(o.op().rowId()).doesNotMatch("r[0-9]+"); // a sealed id may start with "r" by chance
                });
            }
        }
    }
}
