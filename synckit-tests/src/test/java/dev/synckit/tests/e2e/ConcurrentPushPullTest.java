package dev.synckit.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.testkit.TestServer;
import tools.jackson.databind.node.StringNode;

/**
 * Sequence correctness under concurrency (DESIGN §3): several writers push while several readers pull in a loop.
 * A reader must never skip an op: every page continues exactly where the last one ended (seq = previous + 1),
 * and every reader ends with every accepted op, in order, once.
 */
class ConcurrentPushPullTest {

    static final int WRITERS = 4;
    static final int READERS = 3;
    static final int BATCHES = 40;
    static final int OPS_PER_BATCH = 15;
    static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void readersNeverObserveAGapWhileWritersPushConcurrently() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"));
             ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS)) {
            var client = SyncKitClient.builder().serverUrl(server.uri()).apiKey(server.createUserWithKey("bob")).build();
            var space = client.account().defaultSpaceId();
            int total = WRITERS * BATCHES * OPS_PER_BATCH;
            var accepted = ConcurrentHashMap.<UUID>newKeySet();
            var start = new CountDownLatch(1);
            var writersDone = new AtomicInteger();
            var deadline = Instant.now().plus(DEADLINE);

            var writers = new ArrayList<Future<?>>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    var device = client.registerDevice("writer-" + writer, "test").deviceId();
                    var hlc = Hlc.ZERO;
                    start.await();
                    for (int batch = 0; batch < BATCHES; batch++) {
                        var ops = new ArrayList<Op>();
                        for (int i = 0; i < OPS_PER_BATCH; i++) {
                            hlc = hlc.tick(System.currentTimeMillis());
                            ops.add(new Op(UUID.randomUUID(), "todos", "w" + writer + "-" + batch + "-" + i,
                                    OpKind.UPSERT, Map.of("title", StringNode.valueOf("t")), hlc, device, 1));
                        }
                        var response = client.push(space, device, ops);
                        assertThat(response.results()).allMatch(r -> r.status() == OpStatus.APPLIED);
                        ops.forEach(op -> accepted.add(op.opId()));
                    }
                    writersDone.incrementAndGet();
                    return null;
                }));
            }
            var readers = new ArrayList<Future<List<UUID>>>();
            for (int r = 0; r < READERS; r++) {
                int pageSize = 7 + 11 * r;
                readers.add(pool.submit(() -> {
                    var seen = new ArrayList<UUID>();
                    long cursor = 0;
                    start.await();
                    while (seen.size() < total && Instant.now().isBefore(deadline)) {
                        var page = client.pull(space, cursor, pageSize);
                        for (var op : page.ops()) {
                            assertThat(op.seq()).as("no gap after seq %d", cursor).isEqualTo(cursor + 1);
                            cursor = op.seq();
                            seen.add(op.op().opId());
                        }
                        assertThat(page.nextCursor()).isEqualTo(cursor);
                    }
                    return seen;
                }));
            }

            start.countDown();
            for (var f : writers) {
                f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            for (var f : readers) {
                var seen = f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(seen).hasSize(total).doesNotHaveDuplicates();
                assertThat(new HashSet<>(seen)).isEqualTo(accepted);
            }
            assertThat(writersDone).hasValue(WRITERS);
        }
    }
}
