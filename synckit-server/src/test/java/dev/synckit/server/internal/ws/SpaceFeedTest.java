package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import tools.jackson.databind.node.StringNode;

/**
 * The fan-out of one space on a real store: each subscription gets exactly the ops above its cursor, in order, in
 * shared frames read once per append; a burst as several frames; more than a burst at once is a catch_up.
 */
class SpaceFeedTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    SqliteStore sqlite;
    Store store;
    final AtomicInteger pulls = new AtomicInteger();
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Principal alice;
    UUID space;
    UUID device;
    Hlc clock = Hlc.ZERO;
    SpaceFeed feed;

    @BeforeEach
    void open() {
        sqlite = SqliteStore.open(dir.resolve("synckit.db"));
        store = counting(sqlite);
        sqlite.createUser("alice", Instant.EPOCH);
        var secret = ApiKeys.newSecret();
        sqlite.createApiKey(ApiKeys.newKeyId(), "alice", ApiKeys.hash(secret), Instant.EPOCH);
        alice = sqlite.authenticate(ApiKeys.hash(secret)).orElseThrow();
        space = alice.defaultSpaceId();
        device = sqlite.registerDevice(alice.userId(), new DeviceRegistration("d", "test"), Instant.EPOCH).deviceId();
        feed = new SpaceFeed(space, store, executor, 5, 1_000_000);
    }

    @AfterEach
    void close() {
        executor.close();
        timer.close();
        sqlite.close();
    }

    /** The store, counting the log reads. */
    Store counting(Store real) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("pullLog")) {
                        pulls.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    long push(int n) {
        var ops = new ArrayList<Op>();
        for (int i = 0; i < n; i++) {
            clock = clock.tick(System.currentTimeMillis());
            ops.add(new Op(UUID.randomUUID(), "todos", "r" + clock, OpKind.UPSERT,
                    Map.of("title", StringNode.valueOf("t")), clock, device, 1));
        }
        return sqlite.push(space, alice.userId(), device, ops.stream().map(OpCodec::encode).toList()).lastSeq();
    }

    record Client(RecordingSink sink, Subscription subscription) {

        List<Long> seqs() {
            return sink.frames().stream().filter(ServerFrame.Ops.class::isInstance).map(ServerFrame.Ops.class::cast)
                    .flatMap(f -> f.ops().stream()).map(SequencedOp::seq).toList();
        }
    }

    Client subscribe(long after) {
        var sink = new RecordingSink();
        var session = new WsSession(UUID.randomUUID().toString(), alice, new byte[32], sink, 64, 1_000_000, timer);
        session.start();
        var subscription = new Subscription(session, space, device, after);
        assertThat(feed.subscribe(subscription, after)).isTrue();
        session.put(subscription);
        return new Client(sink, subscription);
    }

    @Test
    void aSubscriberBehindGetsSubscribedThenItsBacklogInOneFrame() {
        push(3);

        var client = subscribe(1);

        await().atMost(WAIT).until(() -> client.sink.sent.size() == 2);
        assertThat(client.sink.frames().getFirst()).isEqualTo(new ServerFrame.Subscribed(space, 3));
        assertThat(client.seqs()).containsExactly(2L, 3L);
        assertThat(client.subscription.cursor()).isEqualTo(3);
    }

    @Test
    void newOpsAreReadOnceAndSentToEverySubscriberInOrder() {
        var clients = List.of(subscribe(0), subscribe(0), subscribe(0));
        pulls.set(0);

        feed.signal(push(2));
        await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.seqs().size() == 2));
        feed.signal(push(3));

        await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.seqs().size() == 5));
        assertThat(clients).allSatisfy(c -> assertThat(c.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L));
        assertThat(pulls).as("one log read per append, not per socket").hasValue(2);
    }

    @Test
    void aSubscriberWhoseCursorIsInsideThePageGetsOnlyTheTail() {
        var behind = subscribe(0);
        push(2);
        var ahead = subscribe(1); // reads its own backlog: seq 2

        feed.signal(push(2));

        await().atMost(WAIT).until(() -> behind.seqs().size() == 4 && ahead.seqs().size() == 3);
        assertThat(behind.seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ahead.seqs()).containsExactly(2L, 3L, 4L);
    }

    @Test
    void repeatedAndStaleSignalsSendNothingTwice() {
        var client = subscribe(0);
        long head = push(2);

        feed.signal(head);
        feed.signal(head);
        feed.signal(1);
        await().atMost(WAIT).until(() -> client.seqs().size() == 2);
        feed.signal(push(1));

        await().atMost(WAIT).until(() -> client.seqs().size() == 3);
        assertThat(client.seqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aBurstLargerThanOneFrameIsStreamedAsSeveralFramesInOrder() {
        var client = subscribe(0);

        feed.signal(push(12));

        await().atMost(WAIT).until(() -> client.seqs().size() == 12);
        assertThat(client.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(client.sink.frames()).filteredOn(ServerFrame.Ops.class::isInstance).hasSize(3);
        assertThat(client.sink.frames()).noneMatch(ServerFrame.CatchUp.class::isInstance);
    }

    @Test
    void moreThanABurstIsACatchUpAndTheStreamGoesOnAfterIt() {
        var client = subscribe(0);
        int burst = 5 * SpaceFeed.MAX_STREAMED_PAGES;

        feed.signal(push(burst + 1));
        await().atMost(WAIT).until(() -> client.sink.frames().stream().anyMatch(ServerFrame.CatchUp.class::isInstance));
        feed.signal(push(1));

        await().atMost(WAIT).until(() -> client.seqs().size() == 1);
        assertThat(client.sink.frames()).contains(new ServerFrame.CatchUp(space, burst + 1));
        assertThat(client.seqs()).containsExactly(burst + 2L);
    }

    @Test
    void anAnnouncedHeadTheStoreDoesNotHaveIsACatchUpNotAGap() {
        var client = subscribe(0);

        feed.signal(3);

        await().atMost(WAIT).until(() -> client.sink.frames().contains(new ServerFrame.CatchUp(space, 3)));
        assertThat(client.subscription.cursor()).isEqualTo(3);
    }

    @Test
    void theLastUnsubscribeRetiresTheFeed() {
        var one = subscribe(0);
        var two = subscribe(0);

        assertThat(feed.unsubscribe(one.subscription)).isFalse();
        assertThat(feed.unsubscribe(two.subscription)).isTrue();
        assertThat(feed.retired()).isTrue();
        assertThat(feed.subscribe(new Subscription(one.subscription.session, space, device, 0), 0)).isFalse();
    }
}
