package dev.synckit.server.internal.store.sqlite;

import static dev.synckit.server.internal.store.sqlite.SqliteStoreTest.NOW;
import static dev.synckit.server.internal.store.sqlite.SqliteStoreTest.T0;
import static dev.synckit.server.internal.store.sqlite.SqliteStoreTest.title;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpStatus;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.PushRejectedException;

/**
 * Group commit, made deterministic: the pushes are queued first and then drained by one call, as the writer does
 * when several pushes wait for it. Runs on a second writer connection to the store's file.
 */
class PushGroupsTest {

    @TempDir
    Path dir;
    SqliteStore store;
    Connection writer;
    UUID user;
    UUID space;
    UUID laptop;
    UUID phone;
    final PushGroups groups = new PushGroups();

    @BeforeEach
    void open() throws SQLException {
        var file = dir.resolve("synckit.db");
        store = SqliteStore.open(file);
        store.createUser("alice", NOW);
        var secret = ApiKeys.newSecret();
        store.createApiKey(ApiKeys.newKeyId(), "alice", ApiKeys.hash(secret), NOW);
        var alice = store.authenticate(ApiKeys.hash(secret)).orElseThrow();
        user = alice.userId();
        space = alice.defaultSpaceId();
        laptop = store.registerDevice(user, new DeviceRegistration("laptop", "linux"), NOW).deviceId();
        phone = store.registerDevice(user, new DeviceRegistration("phone", "android"), NOW).deviceId();
        writer = new SqliteSetup(file).openWriter();
    }

    @AfterEach
    void close() throws SQLException {
        writer.close();
        store.close();
    }

    PushGroups.Pending queue(UUID device, Op... ops) {
        var pending = new PushGroups.Pending(space, user, device, List.of(ops).stream().map(OpCodec::encode).toList());
        groups.enqueue(pending);
        return pending;
    }

    @Test
    void aRefusedPushInAGroupFailsAloneAndTheOthersCommitWithContiguousSeqs() {
        var first = queue(laptop, title(laptop, "a", T0 + 10, "A"));
        var regressed = queue(laptop, title(laptop, "b", T0 + 5, "B"));
        var third = queue(phone, title(phone, "c", T0 + 1, "C"), title(phone, "d", T0 + 2, "D"));

        groups.drain(writer);

        assertThat(PushGroups.resultOf(first).results()).extracting(r -> r.seq()).containsExactly(1L);
        assertThatThrownBy(() -> PushGroups.resultOf(regressed))
                .isInstanceOfSatisfying(PushRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.HLC_REGRESSION));
        var last = PushGroups.resultOf(third);
        assertThat(last.results()).extracting(r -> r.status()).containsOnly(OpStatus.APPLIED);
        assertThat(last.results()).extracting(r -> r.seq()).containsExactly(2L, 3L);
        var log = store.pull(space, 0, 100, Long.MAX_VALUE).ops();
        assertThat(log).extracting(o -> o.op().rowId()).containsExactly("a", "c", "d");
        assertThat(store.materializedRows(space, "todos")).containsOnlyKeys("a", "c", "d");
    }

    @Test
    void laterPushesOfAGroupSeeWhatEarlierOnesWrote() {
        var op = title(laptop, "a", T0, "A");
        var first = queue(laptop, op);
        var retry = queue(laptop, op);

        groups.drain(writer);

        assertThat(PushGroups.resultOf(first).results().getFirst().status()).isEqualTo(OpStatus.APPLIED);
        assertThat(PushGroups.resultOf(retry).results().getFirst().status()).isEqualTo(OpStatus.DUPLICATE);
        assertThat(store.head(space)).isEqualTo(1);
    }

    @Test
    void aGroupIsBoundedAndTheRestWaitsForTheNextDrain() {
        var pending = new ArrayList<PushGroups.Pending>();
        for (int i = 0; i < PushGroups.MAX_PUSHES + 3; i++) {
            pending.add(queue(laptop, title(laptop, "r" + i, T0 + i, "T" + i)));
        }

        groups.drain(writer);

        assertThat(pending).filteredOn(p -> p.result().isDone()).hasSize(PushGroups.MAX_PUSHES);
        assertThat(store.head(space)).isEqualTo(PushGroups.MAX_PUSHES);
        assertThatThrownBy(() -> PushGroups.resultOf(pending.getLast())).isInstanceOf(IllegalStateException.class);

        groups.drain(writer);

        assertThat(pending).allMatch(p -> p.result().isDone());
        assertThat(store.head(space)).isEqualTo(PushGroups.MAX_PUSHES + 3);
    }

    @Test
    void whenTheTransactionCannotStartEveryPushOfTheGroupFailsAndNothingChanges() throws SQLException {
        var a = queue(laptop, title(laptop, "a", T0, "A"));
        var b = queue(phone, title(phone, "b", T0, "B"));
        writer.close(); // BEGIN IMMEDIATE now fails

        groups.drain(writer);

        assertThatThrownBy(() -> PushGroups.resultOf(a)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> PushGroups.resultOf(b)).isInstanceOf(RuntimeException.class);
        assertThat(store.head(space)).isZero();
        writer = new SqliteSetup(dir.resolve("synckit.db")).openWriter();
    }

    @Test
    void drainingAnEmptyQueueDoesNothing() {
        groups.drain(writer);

        assertThat(store.head(space)).isZero();
    }
}
