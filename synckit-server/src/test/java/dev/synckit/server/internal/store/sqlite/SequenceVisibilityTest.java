package dev.synckit.server.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.OpCodec;
import tools.jackson.databind.node.StringNode;

/**
 * DESIGN §3, sequence visibility: an op with a lower seq never becomes visible after a reader has seen a higher
 * one. Writers push concurrently while readers pull page by page; every page must continue exactly at the
 * reader's cursor + 1, and every reader ends with every op once, in seq order.
 */
class SequenceVisibilityTest {

    static final int WRITERS = 4;
    static final int READERS = 3;
    static final int PUSHES = 25;
    static final int OPS_PER_PUSH = 8;
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void readersNeverObserveASeqGapWhileWritersAppendConcurrently() throws Exception {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"));
             var pool = Executors.newFixedThreadPool(WRITERS + READERS)) {
            var now = Instant.parse("2026-01-01T00:00:00Z");
            store.createUser("alice", now);
            var secret = ApiKeys.newSecret();
            store.createApiKey(ApiKeys.newKeyId(), "alice", ApiKeys.hash(secret), now);
            var alice = store.authenticate(ApiKeys.hash(secret)).orElseThrow();
            var space = alice.defaultSpaceId();
            int total = WRITERS * PUSHES * OPS_PER_PUSH;
            var start = new CountDownLatch(1);
            var deadline = Instant.now().plus(DEADLINE);

            var writers = new ArrayList<Future<?>>();
            for (int w = 0; w < WRITERS; w++) {
                var device = store.registerDevice(alice.userId(), new DeviceRegistration("w" + w, "test"), now)
                        .deviceId();
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    var hlc = new Hlc(1_700_000_000_000L, 0);
                    for (int p = 0; p < PUSHES; p++) {
                        var ops = new ArrayList<Op>();
                        for (int i = 0; i < OPS_PER_PUSH; i++) {
                            hlc = hlc.tick(hlc.wallMillis());
                            ops.add(new Op(UUID.randomUUID(), "todos", writer + "-" + p + "-" + i, OpKind.UPSERT,
                                    Map.of("title", StringNode.valueOf("t")), hlc, device, 1));
                        }
                        store.push(space, alice.userId(), device, ops.stream().map(OpCodec::encode).toList());
                    }
                    return null;
                }));
            }
            var readers = new ArrayList<Future<List<Long>>>();
            for (int r = 0; r < READERS; r++) {
                int pageSize = 5 + 7 * r;
                readers.add(pool.submit(() -> {
                    var seen = new ArrayList<Long>();
                    long cursor = 0;
                    start.await();
                    while (seen.size() < total && Instant.now().isBefore(deadline)) {
                        var page = store.pull(space, cursor, pageSize, Long.MAX_VALUE);
                        for (var op : page.ops()) {
                            assertThat(op.seq()).as("no gap after seq %d", cursor).isEqualTo(cursor + 1);
                            cursor = op.seq();
                            seen.add(cursor);
                        }
                    }
                    return seen;
                }));
            }

            start.countDown();
            for (var w : writers) {
                w.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            for (var r : readers) {
                assertThat(r.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).hasSize(total).isSorted()
                        .doesNotHaveDuplicates();
            }
        }
    }
}
