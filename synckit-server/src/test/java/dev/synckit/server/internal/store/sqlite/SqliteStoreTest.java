package dev.synckit.server.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.EncodedOp;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.PushRejectedException;
import dev.synckit.server.internal.store.SpaceAccess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

class SqliteStoreTest {

    static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    SqliteStore store;
    Principal alice;
    UUID space;
    UUID device;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("synckit.db"));
        alice = principal("alice");
        space = alice.defaultSpaceId();
        device = store.registerDevice(alice.userId(), new DeviceRegistration("laptop", "linux"), NOW).deviceId();
    }

    @AfterEach
    void close() {
        store.close();
    }

    Principal principal(String name) {
        store.createUser(name, NOW);
        var secret = ApiKeys.newSecret();
        store.createApiKey(ApiKeys.newKeyId(), name, ApiKeys.hash(secret), NOW);
        return store.authenticate(ApiKeys.hash(secret)).orElseThrow();
    }

    static Op upsert(UUID device, String row, long wall, String column, JsonNode value) {
        return new Op(UUID.randomUUID(), "todos", row, OpKind.UPSERT, Map.of(column, value), new Hlc(wall, 0), device,
                1);
    }

    static Op title(UUID device, String row, long wall, String title) {
        return upsert(device, row, wall, "title", StringNode.valueOf(title));
    }

    PushResponse push(Op... ops) {
        return push(space, device, List.of(ops));
    }

    PushResponse push(UUID space, UUID device, List<Op> ops) {
        return store.push(space, alice.userId(), device, ops.stream().map(OpCodec::encode).toList());
    }

    List<SequencedOp> log() {
        return store.pull(space, 0, 10_000, Long.MAX_VALUE).ops();
    }

    Map<String, List<List<String>>> snapshot() {
        return DatabaseSnapshot.of(dir.resolve("synckit.db"));
    }

    @Test
    void pushAppendsOpsWithConsecutiveSeqsAndReportsTheHead() {
        var response = push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));
        var second = push(title(device, "c", T0 + 2, "C"));

        assertThat(response.results()).extracting(r -> r.status()).containsOnly(OpStatus.APPLIED);
        assertThat(response.results()).extracting(r -> r.seq()).containsExactly(1L, 2L);
        assertThat(response.lastSeq()).isEqualTo(2);
        assertThat(second.results().getFirst().seq()).isEqualTo(3);
        assertThat(log()).extracting(SequencedOp::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void pushIsIdempotentWhenTheSameOpIdIsRetried() {
        var ops = List.of(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));
        var first = push(space, device, ops);
        var before = snapshot();

        var retry = push(space, device, ops);

        assertThat(retry.results()).extracting(r -> r.status()).containsOnly(OpStatus.DUPLICATE);
        assertThat(retry.results()).extracting(r -> r.seq()).containsExactly(1L, 2L);
        assertThat(retry.lastSeq()).isEqualTo(first.lastSeq());
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aRetryWhosePrefixWasAcceptedAppendsOnlyTheRest() {
        var a = title(device, "a", T0, "A");
        var b = title(device, "b", T0 + 1, "B");
        push(a);

        var retry = push(a, b);

        assertThat(retry.results()).extracting(r -> r.status()).containsExactly(OpStatus.DUPLICATE, OpStatus.APPLIED);
        assertThat(retry.results()).extracting(r -> r.seq()).containsExactly(1L, 2L);
    }

    @Test
    void anOpRepeatedInOneBatchIsADuplicateOfItsFirstCopy() {
        var a = title(device, "a", T0, "A");

        var response = push(a, a);

        assertThat(response.results()).extracting(r -> r.status()).containsExactly(OpStatus.APPLIED,
                OpStatus.DUPLICATE);
        assertThat(response.results()).extracting(r -> r.seq()).containsExactly(1L, 1L);
        assertThat(log()).hasSize(1);
    }

    @Test
    void aReusedOpIdWithOtherContentFailsThePushAndChangesNothing() {
        var a = title(device, "a", T0, "A");
        push(a);
        var before = snapshot();
        var forged = new Op(a.opId(), "todos", "a", OpKind.UPSERT, Map.of("title", StringNode.valueOf("forged")),
                new Hlc(T0 + 5, 0), device, 1);

        assertThatThrownBy(() -> push(title(device, "b", T0 + 1, "B"), forged))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OP_ID_CONFLICT);
                    assertThat(e.details()).containsEntry("op_id", a.opId().toString());
                });
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anHlcNotAboveTheDevicesStoredMaximumFailsThePushWithThatMaximum() {
        push(title(device, "a", T0 + 10, "A"));
        var before = snapshot();

        assertThatThrownBy(() -> push(title(device, "b", T0 + 10, "B")))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HLC_REGRESSION);
                    assertThat(e.details()).containsEntry("max_hlc", new Hlc(T0 + 10, 0).encode());
                });
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void hlcsMustIncreaseWithinABatchAndNothingOfTheBatchIsKept() {
        var before = snapshot();

        assertThatThrownBy(() -> push(title(device, "a", T0 + 5, "A"), title(device, "b", T0 + 4, "B")))
                .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HLC_REGRESSION);
                    assertThat(e.details()).containsEntry("max_hlc", new Hlc(T0 + 5, 0).encode());
                });
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void eachDeviceHasItsOwnHlcMaximum() {
        var other = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"), NOW).deviceId();
        push(title(device, "a", T0 + 100, "A"));

        var response = push(space, other, List.of(title(other, "b", T0, "B")));

        assertThat(response.results().getFirst().status()).isEqualTo(OpStatus.APPLIED);
    }

    @Test
    void anOpThatLosesEveryFieldIsSupersededAndNotAppended() {
        var other = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"), NOW).deviceId();
        push(title(device, "a", T0 + 100, "newer"));

        var response = push(space, other, List.of(title(other, "a", T0 + 50, "older")));

        var result = response.results().getFirst();
        assertThat(result.status()).isEqualTo(OpStatus.SUPERSEDED);
        assertThat(result.seq()).isNull();
        assertThat(result.reason()).isNotBlank();
        assertThat(response.lastSeq()).isEqualTo(1);
        assertThat(log()).hasSize(1);
        assertThat(store.materializedRows(space, "todos").get("a")).containsEntry("title",
                StringNode.valueOf("newer"));
    }

    @Test
    void aRetriedSupersededOpIsSupersededAgainWithoutAnHlcRegression() {
        var other = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"), NOW).deviceId();
        push(title(device, "a", T0 + 100, "newer"));
        var old = title(other, "a", T0 + 50, "older");
        push(space, other, List.of(old));
        var before = snapshot();

        var retry = push(space, other, List.of(old));

        assertThat(retry.results().getFirst().status()).isEqualTo(OpStatus.SUPERSEDED);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void deletesAreAppliedAsTombstonesAndOlderDeletesAreSuperseded() {
        push(title(device, "a", T0, "A"));
        var delete = new Op(UUID.randomUUID(), "todos", "a", OpKind.DELETE, Map.of(), new Hlc(T0 + 10, 0), device, 1);
        var other = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"), NOW).deviceId();
        var olderDelete = new Op(UUID.randomUUID(), "todos", "a", OpKind.DELETE, Map.of(), new Hlc(T0 + 5, 0), other,
                1);

        var applied = push(delete);
        var superseded = push(space, other, List.of(olderDelete));

        assertThat(applied.results().getFirst().status()).isEqualTo(OpStatus.APPLIED);
        assertThat(superseded.results().getFirst().status()).isEqualTo(OpStatus.SUPERSEDED);
        assertThat(store.materializedRows(space, "todos")).isEmpty();
    }

    @Test
    void aDeviceOfAnotherUserCannotPushAndNothingChanges() {
        var bob = principal("bob");
        var bobsDevice = store.registerDevice(bob.userId(), new DeviceRegistration("pc", "windows"), NOW).deviceId();
        var before = snapshot();

        assertThatThrownBy(() -> push(space, bobsDevice, List.of(title(bobsDevice, "a", T0, "A"))))
                .isInstanceOfSatisfying(PushRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void pulledOpsEqualPushedOps() {
        var fields = new LinkedHashMap<String, JsonNode>();
        fields.put("title", StringNode.valueOf("t"));
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
    void pullPagesThroughTheLogAfterTheCursor() {
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
        assertThat(second.ops()).extracting(SequencedOp::seq).containsExactly(4L, 5L, 6L);
        assertThat(second.hasMore()).isTrue();
        assertThat(last.ops()).extracting(SequencedOp::seq).containsExactly(7L);
        assertThat(last.hasMore()).isFalse();
        assertThat(empty.ops()).isEmpty();
        assertThat(empty.nextCursor()).isEqualTo(7);
        assertThat(empty.hasMore()).isFalse();
    }

    @Test
    void aPageOfExactlyTheRemainingOpsHasNoMore() {
        push(title(device, "a", T0, "A"), title(device, "b", T0 + 1, "B"));

        var page = store.pull(space, 0, 2, Long.MAX_VALUE);

        assertThat(page.ops()).hasSize(2);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void aPullCursorBeyondTheHeadReturnsAnEmptyPageAtThatCursor() {
        push(title(device, "a", T0, "A"));

        var page = store.pull(space, 50, 10, Long.MAX_VALUE);

        assertThat(page.ops()).isEmpty();
        assertThat(page.nextCursor()).isEqualTo(50);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void aPageStopsEarlyWhenItWouldExceedTheByteBudgetButHoldsAtLeastOneOp() {
        var big = "x".repeat(1000);
        push(title(device, "a", T0, big), title(device, "b", T0 + 1, big), title(device, "c", T0 + 2, big));

        var tiny = store.pull(space, 0, 10, 10);
        var two = store.pull(space, 0, 10, 2100);

        assertThat(tiny.ops()).hasSize(1);
        assertThat(tiny.hasMore()).isTrue();
        assertThat(two.ops()).hasSize(2);
        assertThat(two.nextCursor()).isEqualTo(2);
        assertThat(two.hasMore()).isTrue();
    }

    @Test
    void spacesAreIsolated() {
        var bob = principal("bob");
        var bobsDevice = store.registerDevice(bob.userId(), new DeviceRegistration("pc", "windows"), NOW).deviceId();
        var shared = title(device, "a", T0, "A");
        push(shared);

        var bobsPush = store.push(bob.defaultSpaceId(), bob.userId(), bobsDevice,
                List.of(OpCodec.encode(title(bobsDevice, "a", T0, "bob"))));

        assertThat(bobsPush.results().getFirst().seq()).isEqualTo(1);
        assertThat(log()).hasSize(1);
        assertThat(store.materializedRows(bob.defaultSpaceId(), "todos").get("a"))
                .containsEntry("title", StringNode.valueOf("bob"));
        assertThat(store.materializedRows(space, "todos").get("a")).containsEntry("title", StringNode.valueOf("A"));
    }

    @Test
    void materializedRowsHoldTheMergedVisibleFieldsOfEachRow() {
        var other = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"), NOW).deviceId();
        push(title(device, "a", T0, "A0"), upsert(device, "a", T0 + 1, "done", IntNode.valueOf(0)),
                title(device, "b", T0 + 2, "B"));
        push(space, other, List.of(upsert(other, "a", T0 + 5, "done", IntNode.valueOf(1)),
                new Op(UUID.randomUUID(), "todos", "b", OpKind.DELETE, Map.of(), new Hlc(T0 + 6, 0), other, 1)));

        var rows = store.materializedRows(space, "todos");

        assertThat(rows).containsOnlyKeys("a");
        assertThat(rows.get("a")).containsEntry("title", StringNode.valueOf("A0")).containsEntry("done",
                IntNode.valueOf(1));
        assertThat(store.materializedRows(space, "other")).isEmpty();
    }

    @Test
    void accessTellsMembersFromOtherUsersAndUnknownSpaces() {
        var bob = principal("bob");

        assertThat(store.access(space, alice.userId())).isEqualTo(SpaceAccess.READ_WRITE);
        assertThat(store.access(space, bob.userId())).isEqualTo(SpaceAccess.DENIED);
        assertThat(store.access(UUID.randomUUID(), alice.userId())).isEqualTo(SpaceAccess.NO_SUCH_SPACE);
    }

    @Test
    void devicesAreListedOldestFirstPerUser() {
        var second = store.registerDevice(alice.userId(), new DeviceRegistration("phone", "android"),
                NOW.plusSeconds(1));
        var bob = principal("bob");
        store.registerDevice(bob.userId(), new DeviceRegistration("pc", "windows"), NOW);

        var devices = store.devices(alice.userId());

        assertThat(devices).extracting(d -> d.deviceId()).containsExactly(device, second.deviceId());
        assertThat(devices.getLast()).isEqualTo(second);
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() {
        store.createUser("carol", NOW);
        var secret = ApiKeys.newSecret();
        var keyId = ApiKeys.newKeyId();
        store.createApiKey(keyId, "carol", ApiKeys.hash(secret), NOW);

        boolean revoked = store.revokeApiKey(keyId, NOW);
        boolean again = store.revokeApiKey(keyId, NOW);

        assertThat(revoked).isTrue();
        assertThat(again).isFalse();
        assertThat(store.authenticate(ApiKeys.hash(secret))).isEmpty();
        assertThat(store.apiKeys("carol")).singleElement().satisfies(k -> assertThat(k.revokedAt()).isEqualTo(NOW));
    }

    @Test
    void theStoreReopensWithItsData() {
        push(title(device, "a", T0, "A"));
        store.close();

        store = SqliteStore.open(dir.resolve("synckit.db"));

        assertThat(log()).hasSize(1);
        assertThat(store.devices(alice.userId())).hasSize(1);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailAsUnavailable() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.ping())
                .isInstanceOfSatisfying(dev.synckit.server.internal.store.StoreException.class,
                        e -> assertThat(e.transientFailure()).isTrue());
    }
}
