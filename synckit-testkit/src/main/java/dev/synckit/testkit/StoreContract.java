package dev.synckit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpResult;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.DeviceCursor;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.PushRejectedException;
import dev.synckit.server.internal.store.SpaceAccess;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * Every behaviour a server store must have, stated through the {@link Store} SPI only, so that one suite proves
 * every backend. A backend binds it with one subclass that says how to open a fresh store:
 *
 * {@snippet :
 * class SqliteStoreTest extends StoreContract {
 *     @TempDir Path dir;
 *     protected Store openFreshStore() { return SqliteStore.open(dir.resolve("synckit.db")); }
 *     protected Store reopenStore() { return SqliteStore.open(dir.resolve("synckit.db")); }
 * }
 * }
 *
 * <p>Each test gets a fresh store with one user, alice, who has a registered device. "Nothing changed" is checked
 * through the SPI too: the log, the materialized view, and what the next push is given (its seq, whether its HLC
 * is accepted).
 *
 * @implNote Longer than the house's 500 lines on purpose: one class, so a backend binds the whole contract with one
 *           subclass and no test can be forgotten.
 */
public abstract class StoreContract {

    /** The time every account and device is created at. */
    protected static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
    /** A base wall clock for HLCs. */
    protected static final long T0 = 1_700_000_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** The store under test, opened by {@link #openFreshStore()} before each test. */
    protected Store store;
    /** Alice, authenticated by an API key. */
    protected Principal alice;
    /** Alice's default space. */
    protected UUID space;
    /** Alice's first device. */
    protected UUID device;

    /**
     * Opens a store with no data (creating or migrating it as needed). Called before each test.
     *
     * @return the open store; the contract closes it
     * @throws Exception if it cannot be opened
     */
    protected abstract Store openFreshStore() throws Exception;

    /**
     * Opens the store last returned by {@link #openFreshStore()} again, after the contract closed it.
     *
     * @return the reopened store; the contract closes it
     * @throws Exception if it cannot be opened
     */
    protected abstract Store reopenStore() throws Exception;

    @BeforeEach
    final void openStoreWithAlice() throws Exception {
        store = openFreshStore();
        alice = principal("alice");
        space = alice.defaultSpaceId();
        device = registerDevice(alice, "laptop");
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---- accounts and API keys

    @Test
    public void aNewUserHasADefaultSpaceItMayReadAndWrite() {
        var id = store.createUser("bob", NOW);

        var bob = key("bob");

        assertThat(bob.userId()).isEqualTo(id);
        assertThat(bob.userName()).isEqualTo("bob");
        assertThat(bob.defaultSpaceId()).isNotEqualTo(space);
        assertThat(store.access(bob.defaultSpaceId(), id)).isEqualTo(SpaceAccess.READ_WRITE);
        assertThat(store.pull(bob.defaultSpaceId(), 0, 10, Long.MAX_VALUE).ops()).isEmpty();
    }

    @Test
    public void aDuplicateUserNameIsRefusedAndTheExistingUserIsUntouched() {
        assertThatThrownBy(() -> store.createUser("alice", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alice");

        assertThat(key("alice").userId()).isEqualTo(alice.userId());
        assertThat(key("alice").defaultSpaceId()).isEqualTo(space);
    }

    @Test
    public void concurrentCreatesOfOneUserNameLetExactlyOneSucceed() throws Exception {
        var outcomes = runConcurrently(6, i -> {
            try {
                store.createUser("carol", NOW);
                return "created";
            } catch (IllegalArgumentException e) {
                return "refused";
            }
        });

        assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("refused"::equals).hasSize(5);
    }

    @Test
    public void anApiKeyForAnUnknownUserIsRefused() {
        assertThatThrownBy(() -> store.createApiKey(ApiKeys.newKeyId(), "nobody", ApiKeys.hash(ApiKeys.newSecret()),
                NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");

        assertThat(store.apiKeys("nobody")).isEmpty();
    }

    @Test
    public void authenticateFindsTheActiveKeyAndNothingForAnUnknownSecret() {
        assertThat(store.authenticate(ApiKeys.hash(ApiKeys.newSecret()))).isEmpty();
        assertThat(alice.userName()).isEqualTo("alice");
        assertThat(store.apiKeys("alice")).extracting(k -> k.keyId()).containsExactly(alice.keyId());
    }

    @Test
    public void apiKeysAreListedOldestFirstPerUserOrAll() {
        store.createUser("bob", NOW);
        var later = ApiKeys.newKeyId();
        var earlier = ApiKeys.newKeyId();
        store.createApiKey(later, "bob", ApiKeys.hash(ApiKeys.newSecret()), NOW.plusSeconds(20));
        store.createApiKey(earlier, "bob", ApiKeys.hash(ApiKeys.newSecret()), NOW.plusSeconds(10));

        var bobs = store.apiKeys("bob");
        var all = store.apiKeys(null);

        assertThat(bobs).extracting(k -> k.keyId()).containsExactly(earlier, later);
        assertThat(bobs).allSatisfy(k -> {
            assertThat(k.userName()).isEqualTo("bob");
            assertThat(k.revokedAt()).isNull();
        });
        assertThat(bobs.getFirst().createdAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(all).extracting(k -> k.keyId()).containsExactly(alice.keyId(), earlier, later);
    }

    @Test
    public void aRevokedKeyNoLongerAuthenticatesAndRevokesOnce() {
        store.createUser("carol", NOW);
        var secret = ApiKeys.newSecret();
        var keyId = ApiKeys.newKeyId();
        store.createApiKey(keyId, "carol", ApiKeys.hash(secret), NOW);
        assertThat(store.authenticate(ApiKeys.hash(secret))).isPresent();

        boolean revoked = store.revokeApiKey(keyId, NOW.plusSeconds(5));
        boolean again = store.revokeApiKey(keyId, NOW.plusSeconds(6));

        assertThat(revoked).isTrue();
        assertThat(again).isFalse();
        assertThat(store.revokeApiKey("no-such-key", NOW)).isFalse();
        assertThat(store.authenticate(ApiKeys.hash(secret))).isEmpty();
        assertThat(store.apiKeys("carol")).singleElement()
                .satisfies(k -> assertThat(k.revokedAt()).isEqualTo(NOW.plusSeconds(5)));
        assertThat(store.authenticate(ApiKeys.hash(ApiKeys.newSecret()))).isEmpty();
    }

    // ---- devices and access

    @Test
    public void devicesAreListedOldestFirstPerUserWithTheirLabels() {
        var second = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"),
                NOW.plusSeconds(1));
        var sameInstant = store.registerDevice(alice.userId(), new DeviceRegistration("tablet", "ios"),
                NOW.plusSeconds(1));
        var bob = principal("bob");
        registerDevice(bob, "pc");

        var devices = store.devices(alice.userId());

        assertThat(devices).extracting(Device::deviceId).containsExactly(device, second.deviceId(),
                sameInstant.deviceId());
        assertThat(devices.get(1)).isEqualTo(second);
        assertThat(second.hostname()).isEqualTo("phone");
        assertThat(second.platform()).isEqualTo("android");
        assertThat(second.createdAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(store.devices(UUID.randomUUID())).isEmpty();
    }

    @Test
    public void accessTellsMembersFromOtherUsersAndUnknownSpaces() {
        var bob = principal("bob");

        assertThat(store.access(space, alice.userId())).isEqualTo(SpaceAccess.READ_WRITE);
        assertThat(store.access(space, bob.userId())).isEqualTo(SpaceAccess.DENIED);
        assertThat(store.access(bob.defaultSpaceId(), alice.userId())).isEqualTo(SpaceAccess.DENIED);
        assertThat(store.access(UUID.randomUUID(), alice.userId())).isEqualTo(SpaceAccess.NO_SUCH_SPACE);
    }

    // ---- push

    @Test
    public void pushAppendsOpsWithConsecutiveSeqsAndReportsTheHead() {
        var response = push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));
        var second = push(title(device, "c", T0 + 2, "C"));

        assertThat(response.results()).extracting(OpResult::status).containsOnly(OpStatus.APPLIED);
        assertThat(response.results()).extracting(OpResult::seq).containsExactly(1L, 2L);
        assertThat(response.lastSeq()).isEqualTo(2);
        assertThat(second.results()).extracting(OpResult::seq).containsExactly(3L);
        assertThat(second.lastSeq()).isEqualTo(3);
        assertThat(log()).extracting(SequencedOp::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    public void aLargePushIsAppendedInOneGoWithContiguousSeqs() {
        var ops = new ArrayList<Op>();
        for (int i = 0; i < 3000; i++) {
            ops.add(title(device, "r" + (i % 1000), T0 + i, "t" + i));
        }

        var response = push(space, device, ops);

        assertThat(response.results()).extracting(OpResult::status).containsOnly(OpStatus.APPLIED);
        assertThat(response.lastSeq()).isEqualTo(3000);
        assertThat(log()).extracting(SequencedOp::seq).containsExactlyElementsOf(seqs(1, 3000));
        assertThat(store.materializedRows(space, "todos")).hasSize(1000)
                .containsEntry("r7", Map.of("title", StringNode.valueOf("t2007")));
    }

    @Test
    public void pushIsIdempotentWhenTheSameOpIdIsRetried() {
        var ops = List.of(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));
        var first = push(space, device, ops);
        var before = view();

        var retry = push(space, device, ops);

        assertThat(retry.results()).extracting(OpResult::status).containsOnly(OpStatus.DUPLICATE);
        assertThat(retry.results()).extracting(OpResult::seq).containsExactly(1L, 2L);
        assertThat(retry.lastSeq()).isEqualTo(first.lastSeq());
        assertThat(view()).isEqualTo(before);
    }

    @Test
    public void aRetryWhosePrefixWasAcceptedAppendsOnlyTheRest() {
        var a = title(device, "a", T0, "A");
        var b = title(device, "b", T0 + 1, "B");
        push(a);

        var retry = push(a, b);

        assertThat(retry.results()).extracting(OpResult::status).containsExactly(OpStatus.DUPLICATE,
                OpStatus.APPLIED);
        assertThat(retry.results()).extracting(OpResult::seq).containsExactly(1L, 2L);
        assertThat(log()).hasSize(2);
    }

    @Test
    public void anOpRepeatedInOneBatchIsADuplicateOfItsFirstCopy() {
        var a = title(device, "a", T0, "A");

        var response = push(a, a);

        assertThat(response.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED,
                OpStatus.DUPLICATE);
        assertThat(response.results()).extracting(OpResult::seq).containsExactly(1L, 1L);
        assertThat(log()).hasSize(1);
    }

    @Test
    public void aReusedOpIdWithOtherContentFailsThePushAndChangesNothing() {
        var a = title(device, "a", T0, "A");
        push(a);
        var before = view();
        var forged = new Op(a.opId(), "todos", "a", OpKind.UPSERT, Map.of("title", StringNode.valueOf("forged")),
                new Hlc(T0 + 5, 0), device, 1);

        assertThatThrownBy(() -> push(title(device, "b", T0 + 1, "B"), forged))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OP_ID_CONFLICT);
                    assertThat(e.code().httpStatus()).isEqualTo(409);
                    assertThat(e.details()).containsEntry("op_id", a.opId().toString());
                });

        assertThat(view()).isEqualTo(before);
        assertNextPushGets(2, T0 + 1);
    }

    @Test
    public void anHlcNotAboveTheDevicesStoredMaximumFailsThePushWithThatMaximum() {
        push(title(device, "a", T0 + 10, "A"));
        var before = view();

        assertThatThrownBy(() -> push(title(device, "b", T0 + 10, "B")))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HLC_REGRESSION);
                    assertThat(e.code().httpStatus()).isEqualTo(409);
                    assertThat(e.details()).containsEntry("max_hlc", new Hlc(T0 + 10, 0).encode());
                });

        assertThat(view()).isEqualTo(before);
        assertNextPushGets(2, T0 + 11);
    }

    @Test
    public void hlcsMustIncreaseWithinABatchAndNothingOfTheBatchIsKept() {
        var before = view();

        assertThatThrownBy(() -> push(title(device, "a", T0 + 5, "A"), title(device, "b", T0 + 4, "B")))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HLC_REGRESSION);
                    assertThat(e.details()).containsEntry("max_hlc", new Hlc(T0 + 5, 0).encode());
                });

        assertThat(view()).isEqualTo(before);
        assertNextPushGets(1, T0);
    }

    @Test
    public void eachDeviceHasItsOwnHlcMaximum() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0 + 100, "A"));

        var response = push(space, other, List.of(title(other, "b", T0, "B")));

        assertThat(response.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
    }

    @Test
    public void anOpThatLosesEveryFieldIsSupersededAndNotAppended() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0 + 100, "newer"));

        var response = push(space, other, List.of(title(other, "a", T0 + 50, "older")));

        var result = response.results().getFirst();
        assertThat(result.status()).isEqualTo(OpStatus.SUPERSEDED);
        assertThat(result.seq()).isNull();
        assertThat(result.reason()).isNotBlank();
        assertThat(response.lastSeq()).isEqualTo(1);
        assertThat(log()).hasSize(1);
        assertThat(rows().get("a")).containsEntry("title", StringNode.valueOf("newer"));
    }

    @Test
    public void aLargePushOverSeveralTablesMergesIntoEveryExistingRow() {
        var other = registerDevice(alice, "phone");
        var first = new ArrayList<Op>();
        for (int i = 0; i < 1900; i++) {
            first.add(cell(device, i < 1200 ? "todos" : "notes", "r" + i, T0 + 10_000 + i, "first " + i));
        }
        push(space, device, first);

        // Another device writes every row again: the even rows with older clocks (they lose to the stored state, so
        // the push must have found it), then the odd rows with newer ones.
        var older = new ArrayList<Op>();
        var newer = new ArrayList<Op>();
        for (int i = 0; i < 1900; i++) {
            var table = i < 1200 ? "todos" : "notes";
            if (i % 2 == 0) {
                older.add(cell(other, table, "r" + i, T0 + i, "older " + i));
            } else {
                newer.add(cell(other, table, "r" + i, T0 + 20_000 + i, "newer " + i));
            }
        }
        var lost = push(space, other, older);
        var won = push(space, other, newer);

        assertThat(lost.results()).extracting(OpResult::status).containsOnly(OpStatus.SUPERSEDED);
        assertThat(won.results()).extracting(OpResult::status).containsOnly(OpStatus.APPLIED);
        assertThat(won.lastSeq()).isEqualTo(1900 + 950);
        var todos = store.materializedRows(space, "todos");
        var notes = store.materializedRows(space, "notes");
        assertThat(todos).hasSize(1200).containsEntry("r2", Map.of("title", StringNode.valueOf("first 2")))
                .containsEntry("r3", Map.of("title", StringNode.valueOf("newer 3")));
        assertThat(notes).hasSize(700).containsEntry("r1898", Map.of("title", StringNode.valueOf("first 1898")))
                .containsEntry("r1899", Map.of("title", StringNode.valueOf("newer 1899")));
    }

    @Test
    public void aRetriedSupersededOpIsSupersededAgainWithoutAnHlcRegression() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0 + 100, "newer"));
        var old = title(other, "a", T0 + 50, "older");
        push(space, other, List.of(old));
        var before = view();

        var retry = push(space, other, List.of(old));

        assertThat(retry.results()).extracting(OpResult::status).containsExactly(OpStatus.SUPERSEDED);
        assertThat(view()).isEqualTo(before);
    }

    @Test
    public void aDeviceOfAnotherUserCannotPushAndNothingChanges() {
        var bob = principal("bob");
        var bobsDevice = registerDevice(bob, "pc");
        var before = view();

        assertThatThrownBy(() -> push(space, bobsDevice, List.of(title(bobsDevice, "a", T0, "A"))))
                .isInstanceOfSatisfying(PushRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE));
        assertThatThrownBy(() -> push(space, UUID.randomUUID(), List.of(title(device, "a", T0, "A"))))
                .isInstanceOfSatisfying(PushRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE));

        assertThat(view()).isEqualTo(before);
    }

    // ---- pull

    @Test
    public void pulledOpsEqualPushedOps() {
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", StringNode.valueOf("t ü \"quoted\" \u2028"));
        fields.put("note", NullNode.getInstance());
        fields.put("done", IntNode.valueOf(1));
        var upsert = new Op(UUID.randomUUID(), "todos", "row/1 ü", OpKind.UPSERT, fields, new Hlc(T0, 3), device, 2,
                41L);
        var delete = new Op(UUID.randomUUID(), "notes", "n", OpKind.DELETE, Map.of(), new Hlc(T0 + 1, 0), device, 2);
        push(upsert, delete);

        var pulled = log();

        assertThat(pulled).extracting(SequencedOp::op).containsExactly(upsert, delete);
    }

    @Test
    public void pullPagesThroughTheLogAfterTheCursor() {
        var ops = new ArrayList<Op>();
        for (int i = 0; i < 7; i++) {
            ops.add(title(device, "r" + i, T0 + i, "t" + i));
        }
        push(space, device, ops);

        var first = store.pull(space, 0, 3, Long.MAX_VALUE);
        var second = store.pull(space, first.nextCursor(), 3, Long.MAX_VALUE);
        var last = store.pull(space, second.nextCursor(), 3, Long.MAX_VALUE);
        var empty = store.pull(space, last.nextCursor(), 3, Long.MAX_VALUE);

        assertThat(first.ops()).extracting(SequencedOp::seq).containsExactly(1L, 2L, 3L);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.nextCursor()).isEqualTo(3);
        assertThat(second.ops()).extracting(SequencedOp::seq).containsExactly(4L, 5L, 6L);
        assertThat(second.hasMore()).isTrue();
        assertThat(last.ops()).extracting(SequencedOp::seq).containsExactly(7L);
        assertThat(last.hasMore()).isFalse();
        assertThat(empty.ops()).isEmpty();
        assertThat(empty.nextCursor()).isEqualTo(7);
        assertThat(empty.hasMore()).isFalse();
    }

    @Test
    public void aPageOfExactlyTheRemainingOpsHasNoMore() {
        push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));

        var page = store.pull(space, 0, 2, Long.MAX_VALUE);

        assertThat(page.ops()).hasSize(2);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    public void aPullCursorBeyondTheHeadReturnsAnEmptyPageAtThatCursor() {
        push(title(device, "a", T0, "A"));

        var page = store.pull(space, 50, 10, Long.MAX_VALUE);

        assertThat(page.ops()).isEmpty();
        assertThat(page.nextCursor()).isEqualTo(50);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    public void aPullOfAnUnknownSpaceIsEmpty() {
        var page = store.pull(UUID.randomUUID(), 0, 10, Long.MAX_VALUE);

        assertThat(page.ops()).isEmpty();
        assertThat(page.hasMore()).isFalse();
        assertThat(store.materializedRows(UUID.randomUUID(), "todos")).isEmpty();
    }

    @Test
    public void aPageStopsEarlyWhenItWouldExceedTheByteBudgetButHoldsAtLeastOneOp() {
        var big = "x".repeat(1000);
        push(title(device, "a", T0, big), title(device, "b", T0 + 1, big), title(device, "c", T0 + 2, big));

        var tiny = store.pull(space, 0, 10, 10);
        var two = store.pull(space, 0, 10, 2100);

        assertThat(tiny.ops()).hasSize(1);
        assertThat(tiny.hasMore()).isTrue();
        assertThat(tiny.nextCursor()).isEqualTo(1);
        assertThat(two.ops()).hasSize(2);
        assertThat(two.nextCursor()).isEqualTo(2);
        assertThat(two.hasMore()).isTrue();
    }

    @Test
    public void spacesAreIsolated() {
        var bob = principal("bob");
        var bobsDevice = registerDevice(bob, "pc");
        push(title(device, "a", T0, "A"));

        var bobsPush = store.push(bob.defaultSpaceId(), bob.userId(), bobsDevice,
                List.of(OpCodec.encode(title(bobsDevice, "a", T0, "bob"))));

        assertThat(bobsPush.results()).extracting(OpResult::seq).containsExactly(1L);
        assertThat(log()).hasSize(1);
        assertThat(store.materializedRows(bob.defaultSpaceId(), "todos").get("a"))
                .containsEntry("title", StringNode.valueOf("bob"));
        assertThat(rows().get("a")).containsEntry("title", StringNode.valueOf("A"));
    }

    // ---- merge: field-level last writer wins, tombstones

    @Test
    public void materializedRowsHoldTheMergedVisibleFieldsOfEachRow() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0, "A0"), upsert(device, "a", T0 + 1, "done", IntNode.valueOf(0)),
                title(device, "b", T0 + 2, "B"));
        push(space, other, List.of(upsert(other, "a", T0 + 5, "done", IntNode.valueOf(1)), delete(other, "b", T0 + 6)));

        var rows = rows();

        assertThat(rows).containsOnlyKeys("a");
        assertThat(rows.get("a")).containsOnly(Map.entry("title", StringNode.valueOf("A0")),
                Map.entry("done", IntNode.valueOf(1)));
        assertThat(store.materializedRows(space, "other")).isEmpty();
    }

    @Test
    public void editsOfDifferentFieldsOfOneRowFromTwoDevicesBothSurvive() {
        var other = registerDevice(alice, "phone");
        push(upsert(device, "a", T0, "title", StringNode.valueOf("t0")));

        var fromA = push(title(device, "a", T0 + 20, "renamed"));
        var fromB = push(space, other, List.of(upsert(other, "a", T0 + 10, "done", IntNode.valueOf(1))));

        assertThat(fromA.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
        assertThat(fromB.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
        assertThat(rows().get("a")).containsOnly(Map.entry("title", StringNode.valueOf("renamed")),
                Map.entry("done", IntNode.valueOf(1)));
    }

    @Test
    public void theHigherHlcWinsAFieldWhateverTheArrivalOrder() {
        var other = registerDevice(alice, "phone");
        push(space, other, List.of(title(other, "a", T0 + 30, "later write")));

        var earlierArrivesLast = push(title(device, "a", T0 + 10, "earlier write"));
        var mixed = push(space, device, List.of(new Op(UUID.randomUUID(), "todos", "a", OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("loses"), "done", IntNode.valueOf(1)), new Hlc(T0 + 20, 0), device,
                1)));

        assertThat(earlierArrivesLast.results()).extracting(OpResult::status).containsExactly(OpStatus.SUPERSEDED);
        assertThat(mixed.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
        assertThat(rows().get("a")).containsOnly(Map.entry("title", StringNode.valueOf("later write")),
                Map.entry("done", IntNode.valueOf(1)));
    }

    @Test
    public void equalHlcsAreOrderedByDeviceId() {
        var other = registerDevice(alice, "phone");
        var low = device.toString().compareTo(other.toString()) < 0 ? device : other;
        var high = low == device ? other : device;
        push(space, high, List.of(title(high, "a", T0, "from high")));

        var response = push(space, low, List.of(title(low, "a", T0, "from low")));

        assertThat(response.results()).extracting(OpResult::status).containsExactly(OpStatus.SUPERSEDED);
        assertThat(rows().get("a")).containsEntry("title", StringNode.valueOf("from high"));
    }

    @Test
    public void deletesAreTombstonesAndOlderDeletesAreSuperseded() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0, "A"));

        var applied = push(delete(device, "a", T0 + 10));
        var superseded = push(space, other, List.of(delete(other, "a", T0 + 5)));

        assertThat(applied.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
        assertThat(superseded.results()).extracting(OpResult::status).containsExactly(OpStatus.SUPERSEDED);
        assertThat(rows()).isEmpty();
        assertThat(log()).extracting(s -> s.op().kind()).containsExactly(OpKind.UPSERT, OpKind.DELETE);
    }

    @Test
    public void aWriteOlderThanTheTombstoneIsSupersededAndANewerOneRecreatesTheRow() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0, "A"), upsert(device, "a", T0 + 1, "done", IntNode.valueOf(1)),
                delete(device, "a", T0 + 20));

        var late = push(space, other, List.of(title(other, "a", T0 + 15, "late")));
        var again = push(space, other, List.of(title(other, "a", T0 + 25, "again")));

        assertThat(late.results()).extracting(OpResult::status).containsExactly(OpStatus.SUPERSEDED);
        assertThat(again.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
        assertThat(rows()).containsOnlyKeys("a");
        assertThat(rows().get("a")).containsOnly(Map.entry("title", StringNode.valueOf("again")));
    }

    @Test
    public void aDeleteKeepsFieldsWrittenAfterIt() {
        var other = registerDevice(alice, "phone");
        push(title(device, "a", T0 + 30, "recreated"));

        var response = push(space, other, List.of(delete(other, "a", T0 + 20)));

        assertThat(response.results()).extracting(OpResult::status).containsExactly(OpStatus.APPLIED);
        assertThat(rows().get("a")).containsOnly(Map.entry("title", StringNode.valueOf("recreated")));
    }

    // ---- concurrency

    /**
     * DESIGN §3, sequence visibility: an op with a lower seq never becomes visible after a reader has seen a higher
     * one. Writers push concurrently while readers pull page by page; every page must continue exactly at the
     * reader's cursor + 1, and every reader ends with every op once, in seq order.
     */
    @Test
    public void readersNeverObserveASeqGapWhileWritersAppendConcurrently() throws Exception {
        int writers = 4;
        int pushes = 25;
        int opsPerPush = 8;
        int total = writers * pushes * opsPerPush;
        var devices = new ArrayList<UUID>();
        for (int w = 0; w < writers; w++) {
            devices.add(registerDevice(alice, "writer-" + w));
        }
        var deadline = Instant.now().plus(DEADLINE);

        var outcomes = StoreContract.<List<Long>>runConcurrently(writers + 3, i -> {
            if (i < writers) {
                var hlc = new Hlc(T0, 0);
                for (int p = 0; p < pushes; p++) {
                    var ops = new ArrayList<Op>();
                    for (int k = 0; k < opsPerPush; k++) {
                        hlc = hlc.tick(hlc.wallMillis());
                        ops.add(title(devices.get(i), i + "-" + p + "-" + k, hlc, "t"));
                    }
                    push(space, devices.get(i), ops);
                }
                return List.<Long>of();
            }
            int pageSize = 5 + 7 * (i - writers);
            var seen = new ArrayList<Long>();
            long cursor = 0;
            while (seen.size() < total && Instant.now().isBefore(deadline)) {
                var page = store.pull(space, cursor, pageSize, Long.MAX_VALUE);
                for (var op : page.ops()) {
                    assertThat(op.seq()).as("no gap after seq %d", cursor).isEqualTo(cursor + 1);
                    cursor = op.seq();
                    seen.add(cursor);
                }
            }
            return seen;
        });

        for (var seen : outcomes.subList(writers, outcomes.size())) {
            assertThat(seen).containsExactlyElementsOf(seqs(1, total));
        }
    }

    @Test
    public void concurrentPushesToDifferentSpacesEachGetContiguousSeqs() throws Exception {
        var users = new ArrayList<Principal>();
        var devices = new ArrayList<UUID>();
        for (int u = 0; u < 4; u++) {
            var user = principal("user" + u);
            users.add(user);
            devices.add(registerDevice(user, "d" + u));
        }

        runConcurrently(users.size(), i -> {
            var hlc = new Hlc(T0, 0);
            for (int p = 0; p < 20; p++) {
                var ops = new ArrayList<Op>();
                for (int k = 0; k < 5; k++) {
                    hlc = hlc.tick(hlc.wallMillis());
                    ops.add(title(devices.get(i), p + "-" + k, hlc, "t"));
                }
                store.push(users.get(i).defaultSpaceId(), users.get(i).userId(), devices.get(i),
                        ops.stream().map(OpCodec::encode).toList());
            }
            return null;
        });

        for (var user : users) {
            assertThat(store.pull(user.defaultSpaceId(), 0, 1000, Long.MAX_VALUE).ops())
                    .extracting(SequencedOp::seq).containsExactlyElementsOf(seqs(1, 100));
        }
    }

    @Test
    public void theSameOpsPushedConcurrentlyAreAppendedOnce() throws Exception {
        var ops = new ArrayList<Op>();
        for (int i = 0; i < 50; i++) {
            ops.add(title(device, "r" + i, T0 + i, "t" + i));
        }

        var responses = runConcurrently(4, i -> push(space, device, ops));

        assertThat(log()).extracting(SequencedOp::seq).containsExactlyElementsOf(seqs(1, 50));
        assertThat(responses).allSatisfy(r -> assertThat(r.results()).extracting(OpResult::seq)
                .containsExactlyElementsOf(seqs(1, 50)));
        assertThat(responses).flatExtracting(PushResponse::results).filteredOn(r -> r.status() == OpStatus.APPLIED)
                .hasSize(50);
    }

    // ---- heads and device cursors (acks)

    @Test
    public void theHeadIsTheHighestSeqAndZeroForAnEmptyOrUnknownSpace() {
        assertThat(store.head(space)).isZero();

        push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));

        assertThat(store.head(space)).isEqualTo(2);
        assertThat(store.head(UUID.randomUUID())).isZero();
    }

    @Test
    public void aDeviceCursorIsStoredAndNeverMovesBack() {
        push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"), title(device, "c", T0 + 2, "C"));

        store.saveDeviceCursors(List.of(new DeviceCursor(space, device, 2, NOW)));
        store.saveDeviceCursors(List.of(new DeviceCursor(space, device, 1, NOW.plusSeconds(5))));
        store.saveDeviceCursors(List.of(new DeviceCursor(space, device, 3, NOW.minusSeconds(5))));

        assertThat(store.deviceCursors(space)).containsExactly(new DeviceCursor(space, device, 3, NOW.plusSeconds(5)));
    }

    @Test
    public void aCursorBeyondTheHeadIsStoredAsTheHeadAndOneOfAnUnknownSpaceIsIgnored() {
        push(title(device, "a", T0, "A"));
        var nowhere = UUID.randomUUID();

        store.saveDeviceCursors(List.of(new DeviceCursor(space, device, 1_000, NOW),
                new DeviceCursor(nowhere, device, 5, NOW)));

        assertThat(store.deviceCursors(space)).extracting(DeviceCursor::seq).containsExactly(1L);
        assertThat(store.deviceCursors(nowhere)).isEmpty();
    }

    @Test
    public void cursorsAreKeptPerDeviceAndSpaceOrderedByDevice() {
        var phone = registerDevice(alice, "phone");
        var bob = principal("bob");
        var bobsDevice = registerDevice(bob, "desk");
        push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));

        store.saveDeviceCursors(List.of(new DeviceCursor(space, device, 2, NOW),
                new DeviceCursor(space, phone, 1, NOW), new DeviceCursor(bob.defaultSpaceId(), bobsDevice, 0, NOW)));

        var expected = new TreeMap<>(Map.of(device.toString(), 2L, phone.toString(), 1L));
        assertThat(store.deviceCursors(space)).extracting(d -> d.deviceId().toString(), DeviceCursor::seq)
                .containsExactlyElementsOf(expected.entrySet().stream().map(e -> tuple(e.getKey(), e.getValue()))
                        .toList());
        assertThat(store.deviceCursors(bob.defaultSpaceId())).extracting(DeviceCursor::seq).containsExactly(0L);
        assertThat(log()).hasSize(2);
    }

    @Test
    public void concurrentFlushesOfTheSameCursorsKeepTheHighest() throws Exception {
        var phone = registerDevice(alice, "phone");
        var ops = new ArrayList<Op>();
        for (int i = 0; i < 20; i++) {
            ops.add(title(device, "r" + i, T0 + i, "t" + i));
        }
        push(space, device, ops);

        runConcurrently(6, i -> {
            store.saveDeviceCursors(List.of(new DeviceCursor(space, device, 10 + i, NOW),
                    new DeviceCursor(space, phone, 15 - i, NOW)));
            return null;
        });

        assertThat(store.deviceCursors(space)).filteredOn(d -> d.deviceId().equals(device))
                .extracting(DeviceCursor::seq).containsExactly(15L);
        assertThat(store.deviceCursors(space)).filteredOn(d -> d.deviceId().equals(phone))
                .extracting(DeviceCursor::seq).containsExactly(15L);
    }

    // ---- lifecycle

    @Test
    public void theStoreReopensWithItsData() throws Exception {
        push(title(device, "a", T0, "A"));
        store.close();

        store = reopenStore();

        assertThat(log()).hasSize(1);
        assertThat(store.devices(alice.userId())).extracting(Device::deviceId).containsExactly(device);
        assertThat(key("alice").userId()).isEqualTo(alice.userId());
        assertNextPushGets(2, T0 + 1);
    }

    @Test
    public void anOpenStoreIsReadyAndAnswersPings() {
        store.awaitReady();
        store.ping();

        assertThat(store.access(space, alice.userId())).isEqualTo(SpaceAccess.READ_WRITE);
    }

    @Test
    public void closeIsIdempotentAndLaterCallsFailAsUnavailable() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.ping()).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.transientFailure()).isTrue());
        assertThatThrownBy(() -> store.pull(space, 0, 10, Long.MAX_VALUE)).isInstanceOfSatisfying(
                StoreException.class, e -> assertThat(e.transientFailure()).isTrue());
        assertThatThrownBy(() -> push(title(device, "a", T0, "A"))).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.transientFailure()).isTrue());
    }

    // ---- wrapped-key blobs

    @Test
    public void aUserHasNoKeyBlobUntilOneIsCreatedAtVersionOne() {
        assertThat(store.keyBlob(alice.userId())).isEmpty();

        assertThat(store.putKeyBlob(alice.userId(), "{\"wrapped\":\"A\"}", 0, NOW)).isEqualTo(OptionalLong.of(1));

        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("{\"wrapped\":\"A\"}", 1, NOW));
    }

    @Test
    public void aKeyBlobIsReplacedWhenTheExpectedVersionMatchesAndTheVersionGrowsByOne() {
        store.putKeyBlob(alice.userId(), "v1", 0, NOW);
        var later = NOW.plusSeconds(60);

        assertThat(store.putKeyBlob(alice.userId(), "v2", 1, later)).isEqualTo(OptionalLong.of(2));
        assertThat(store.putKeyBlob(alice.userId(), "v3", 2, later)).isEqualTo(OptionalLong.of(3));

        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("v3", 3, later));
    }

    @Test
    public void aKeyBlobWriteWithAStaleOrFutureVersionChangesNothing() {
        store.putKeyBlob(alice.userId(), "v1", 0, NOW);
        store.putKeyBlob(alice.userId(), "v2", 1, NOW);

        assertThat(store.putKeyBlob(alice.userId(), "create again", 0, NOW.plusSeconds(1))).isEmpty();
        assertThat(store.putKeyBlob(alice.userId(), "stale", 1, NOW.plusSeconds(1))).isEmpty();
        assertThat(store.putKeyBlob(alice.userId(), "future", 3, NOW.plusSeconds(1))).isEmpty();

        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("v2", 2, NOW));
    }

    @Test
    public void onceTheAccountHasAKeyBlobAPushWithAnUnsealedOpIsRefusedAndChangesNothing() {
        push(title(device, "a", T0, "A"));
        store.putKeyBlob(alice.userId(), "blob", 0, NOW);
        var before = view();
        var sealedTable = "e1_" + "0123456789abcdef".repeat(2);
        var sealed = new Op(UUID.randomUUID(), sealedTable, "c2VhbGVk", OpKind.UPSERT,
                Map.of("c_" + "fedcba9876543210".repeat(2), StringNode.valueOf("Y2lwaGVy")), new Hlc(T0 + 1, 0),
                device, 1);

        assertThatThrownBy(() -> push(sealed, title(device, "b", T0 + 2, "B")))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENCRYPTION_REQUIRED);
                    assertThat(e.code().httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("ops[1]");
                });
        assertThat(view()).isEqualTo(before);

        assertThat(push(sealed).results()).extracting(r -> r.status()).containsExactly(OpStatus.APPLIED);
    }

    @Test
    public void anUpdateOfAMissingKeyBlobIsAConflictAndCreatesNothing() {
        assertThat(store.putKeyBlob(alice.userId(), "v2", 1, NOW)).isEmpty();

        assertThat(store.keyBlob(alice.userId())).isEmpty();
    }

    @Test
    public void keyBlobsArePerUser() {
        var bob = principal("bob");
        store.putKeyBlob(alice.userId(), "alice's", 0, NOW);

        assertThat(store.keyBlob(bob.userId())).isEmpty();
        assertThat(store.putKeyBlob(bob.userId(), "bob's", 0, NOW)).isEqualTo(OptionalLong.of(1));

        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("alice's", 1, NOW));
        assertThat(store.keyBlob(bob.userId())).contains(new KeyBlob("bob's", 1, NOW));
    }

    @Test
    public void concurrentKeyBlobWritesWithTheSameExpectedVersionLetExactlyOneWin() throws Exception {
        var creates = runConcurrently(6, i -> store.putKeyBlob(alice.userId(), "create " + i, 0, NOW));
        assertThat(creates).filteredOn(OptionalLong::isPresent).containsExactly(OptionalLong.of(1));
        int creator = creates.indexOf(OptionalLong.of(1));
        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("create " + creator, 1, NOW));

        var updates = runConcurrently(6, i -> store.putKeyBlob(alice.userId(), "update " + i, 1, NOW));
        assertThat(updates).filteredOn(OptionalLong::isPresent).containsExactly(OptionalLong.of(2));
        int winner = updates.indexOf(OptionalLong.of(2));
        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("update " + winner, 2, NOW));
    }

    @Test
    public void aKeyBlobSurvivesReopening() throws Exception {
        store.putKeyBlob(alice.userId(), "durable", 0, NOW);
        store.close();

        store = reopenStore();

        assertThat(store.keyBlob(alice.userId())).contains(new KeyBlob("durable", 1, NOW));
    }

    // ---- helpers

    /** Creates a user with an API key and returns the key's principal. */
    protected final Principal principal(String name) {
        store.createUser(name, NOW);
        return key(name);
    }

    private Principal key(String name) {
        var secret = ApiKeys.newSecret();
        store.createApiKey(ApiKeys.newKeyId(), name, ApiKeys.hash(secret), NOW);
        return store.authenticate(ApiKeys.hash(secret)).orElseThrow();
    }

    /** Registers a device for a user and returns its id. */
    protected final UUID registerDevice(Principal user, String hostname) {
        return store.registerDevice(user.userId(), new DeviceRegistration(hostname, "test"), NOW).deviceId();
    }

    /** An upsert of one field of a {@code todos} row. */
    protected static Op upsert(UUID device, String row, long wall, String column, JsonNode value) {
        return new Op(UUID.randomUUID(), "todos", row, OpKind.UPSERT, Map.of(column, value), new Hlc(wall, 0), device,
                1);
    }

    /** An upsert of a {@code todos} row's title. */
    protected static Op title(UUID device, String row, long wall, String title) {
        return title(device, row, new Hlc(wall, 0), title);
    }

    private static Op title(UUID device, String row, Hlc hlc, String title) {
        return new Op(UUID.randomUUID(), "todos", row, OpKind.UPSERT, Map.of("title", StringNode.valueOf(title)), hlc,
                device, 1);
    }

    /** An upsert of the title of a row of any table. */
    private static Op cell(UUID device, String table, String row, long wall, String title) {
        return new Op(UUID.randomUUID(), table, row, OpKind.UPSERT, Map.of("title", StringNode.valueOf(title)),
                new Hlc(wall, 0), device, 1);
    }

    /** A delete of a {@code todos} row. */
    protected static Op delete(UUID device, String row, long wall) {
        return new Op(UUID.randomUUID(), "todos", row, OpKind.DELETE, Map.of(), new Hlc(wall, 0), device, 1);
    }

    /** Pushes ops of alice's first device into her space. */
    protected final PushResponse push(Op... ops) {
        return push(space, device, List.of(ops));
    }

    /** Pushes ops of one of alice's devices into a space. */
    protected final PushResponse push(UUID toSpace, UUID fromDevice, List<Op> ops) {
        return store.push(toSpace, alice.userId(), fromDevice, ops.stream().map(OpCodec::encode).toList());
    }

    /** Alice's whole log. */
    protected final List<SequencedOp> log() {
        return store.pull(space, 0, 100_000, Long.MAX_VALUE).ops();
    }

    /** Alice's materialized {@code todos}. */
    protected final Map<String, Map<String, JsonNode>> rows() {
        return store.materializedRows(space, "todos");
    }

    /** What alice's space holds, as the SPI shows it. */
    private record View(List<SequencedOp> log, Map<String, Map<String, JsonNode>> todos, List<Device> devices) {
    }

    private View view() {
        return new View(log(), rows(), store.devices(alice.userId()));
    }

    /** Proves the head and the device's clock did not move: the next op gets {@code seq} and {@code wall} is enough. */
    private void assertNextPushGets(long seq, long wall) {
        var probe = push(title(device, "probe", wall, "probe"));
        assertThat(probe.results()).extracting(OpResult::status, OpResult::seq)
                .containsExactly(tuple(OpStatus.APPLIED, seq));
    }

    private static List<Long> seqs(long from, long to) {
        var out = new ArrayList<Long>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    /** Work of one of several threads that start together. */
    @FunctionalInterface
    protected interface Task<T> {
        /**
         * Runs the work of thread {@code index}.
         *
         * @param index {@code 0..threads-1}
         * @return the thread's result
         * @throws Exception on failure, which fails the test
         */
        T run(int index) throws Exception;
    }

    /** Runs tasks on platform threads released together, and returns their results in index order. */
    protected static <T> List<T> runConcurrently(int threads, Task<T> task) throws Exception {
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> work = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(work));
            }
            start.countDown();
            var out = new ArrayList<T>();
            for (var f : futures) {
                try {
                    out.add(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case Exception cause -> throw cause;
                        case Error error -> throw error;
                        case null, default -> throw e;
                    }
                }
            }
            return out;
        }
    }
}
