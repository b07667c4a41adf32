package dev.synckit.server.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
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
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.PushRejectedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * What only a look at the SQLite file can show: a push that is refused, or repeated, leaves every table of the file
 * exactly as it was ({@link DatabaseSnapshot}). Every other store behaviour is defined once, for both stores, by
 * {@code StoreContract} in synckit-testkit, which synckit-tests runs on SQLite ({@code store.SqliteStoreTest}) and
 * on PostgreSQL.
 */
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


    Map<String, List<List<String>>> snapshot() {
        return DatabaseSnapshot.of(dir.resolve("synckit.db"));
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
    void aDeviceOfAnotherUserCannotPushAndNothingChanges() {
        var bob = principal("bob");
        var bobsDevice = store.registerDevice(bob.userId(), new DeviceRegistration("pc", "windows"), NOW).deviceId();
        var before = snapshot();

        assertThatThrownBy(() -> push(space, bobsDevice, List.of(title(bobsDevice, "a", T0, "A"))))
                .isInstanceOfSatisfying(PushRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE));
        assertThat(snapshot()).isEqualTo(before);
    }
}
