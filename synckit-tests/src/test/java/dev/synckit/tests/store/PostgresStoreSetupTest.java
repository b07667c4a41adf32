package dev.synckit.tests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PushResponse;
import dev.synckit.server.internal.auth.ApiKeys;
import dev.synckit.server.internal.store.OpCodec;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.PushRejectedException;
import dev.synckit.server.internal.store.Store;
import dev.synckit.server.internal.store.postgres.PostgresStore;
import dev.synckit.server.internal.store.postgres.PostgresUrl;
import dev.synckit.server.internal.store.sqlite.SqliteStore;
import dev.synckit.testkit.PgDatabase;
import tools.jackson.databind.node.StringNode;

/** What is particular to the PostgreSQL store: its schema, its migration, its per-space append lock. */
@Tag("postgres")
class PostgresStoreSetupTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static PgDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() {
        db = PgDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void empty() {
        db.truncateAll();
    }

    static PostgresStore open(PgDatabase database) {
        return PostgresStore.open(PostgresUrl.parse(database.jdbcUrl()), 4);
    }

    @Test
    void theSchemaHasTheTablesAndColumnsOfTheSqliteSchema() throws Exception {
        open(db).close();
        SqliteStore.open(dir.resolve("synckit.db")).close();

        Map<String, TreeSet<String>> postgres;
        try (var c = db.connect()) {
            postgres = columns(c, "SELECT table_name, column_name FROM information_schema.columns "
                    + "WHERE table_schema = 'public' AND table_name NOT LIKE 'flyway%'");
        }
        Map<String, TreeSet<String>> sqlite;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("synckit.db"))) {
            sqlite = columns(c, "SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p "
                    + "WHERE m.type = 'table' AND m.name NOT LIKE 'flyway%' AND m.name NOT LIKE 'sqlite%'");
        }

        // SQLite orders devices registered in the same millisecond by rowid; PostgreSQL needs a column for it.
        postgres.get("devices").remove("registered");
        // SQLite looks row states up by a hash of their names (RowKeys); PostgreSQL's index on the names serves.
        assertThat(sqlite.get("row_state").remove("row_key")).isTrue();
        assertThat(postgres).isEqualTo(sqlite);
    }

    @Test
    void severalStoresOpeningANewDatabaseAtOnceMigrateItOnce() throws Exception {
        try (var fresh = PgDatabase.create()) {
            var opening = List.of(CompletableFuture.supplyAsync(() -> open(fresh)),
                    CompletableFuture.supplyAsync(() -> open(fresh)), CompletableFuture.supplyAsync(() -> open(fresh)));

            for (var store : opening) {
                try (var s = store.get(60, TimeUnit.SECONDS)) {
                    s.ping();
                }
            }

            try (var c = fresh.connect(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT version, count(*) FROM flyway_schema_history WHERE success "
                         + "AND version IS NOT NULL GROUP BY version ORDER BY version::int")) {
                var applied = new java.util.ArrayList<String>();
                while (rs.next()) {
                    assertThat(rs.getLong(2)).as("times migration %s ran", rs.getString(1)).isEqualTo(1);
                    applied.add(rs.getString(1));
                }
                assertThat(applied).containsExactly("1", "2", "3");
            }
        }
    }

    @Test
    void aPushWaitsForTheSpaceLockWhilePushesToOtherSpacesDoNot() throws Exception {
        try (var store = open(db)) {
            var alice = user(store, "alice");
            var bob = user(store, "bob");
            var alicesDevice = device(store, alice);
            var bobsDevice = device(store, bob);

            PushResponse bobs;
            CompletableFuture<PushResponse> alices;
            try (var holder = db.connect()) {
                holder.setAutoCommit(false);
                lockSpace(holder, alice.defaultSpaceId());
                alices = CompletableFuture.supplyAsync(() -> push(store, alice, alicesDevice));

                bobs = push(store, bob, bobsDevice);

                assertThat(alices).as("alice's push waits for her space's lock").isNotDone();
                holder.commit();
            }

            assertThat(bobs.lastSeq()).isEqualTo(1);
            assertThat(alices.get(30, TimeUnit.SECONDS).lastSeq()).isEqualTo(1);
        }
    }

    @Test
    void aPushThatPostgresqlAbortsAsADeadlockVictimIsRunAgainAndApplied() throws Exception {
        try (var store = open(db)) {
            var alice = user(store, "alice");
            var device = device(store, alice);
            store.push(alice.defaultSpaceId(), alice.userId(), device, List.of(OpCodec.encode(op(device, "r", 1))));

            CompletableFuture<PushResponse> push;
            try (var other = db.connect()) {
                other.setAutoCommit(false);
                try (var st = other.createStatement()) {
                    // The push must be the one that detects the deadlock (and is aborted), not this session.
                    st.execute("SET deadlock_timeout = '60s'");
                }
                try (var st = other.prepareStatement("SELECT 1 FROM row_state WHERE space_id = ? FOR UPDATE")) {
                    st.setObject(1, alice.defaultSpaceId());
                    st.executeQuery().close();
                }
                push = CompletableFuture.supplyAsync(() -> store.push(alice.defaultSpaceId(), alice.userId(), device,
                        List.of(OpCodec.encode(op(device, "r", 2)))));
                await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock(other));

                lockSpace(other, alice.defaultSpaceId()); // the push holds it: a cycle, the push is the victim
                other.commit();
            }

            var response = push.get(30, TimeUnit.SECONDS);
            assertThat(response.results()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(OpStatus.APPLIED);
                assertThat(r.seq()).isEqualTo(2L);
            });
            assertThat(store.pull(alice.defaultSpaceId(), 0, 10, Long.MAX_VALUE).ops()).hasSize(2);
        }
    }

    @Test
    void aPushThatWaitedForTheSpaceLockSeesWhatTheHolderWrote() throws Exception {
        try (var store = open(db)) {
            var alice = user(store, "alice");
            var device = device(store, alice);
            store.push(alice.defaultSpaceId(), alice.userId(), device, List.of(OpCodec.encode(op(device, "r", 1))));

            CompletableFuture<PushResponse> push;
            try (var holder = db.connect()) {
                holder.setAutoCommit(false);
                lockSpace(holder, alice.defaultSpaceId());
                push = CompletableFuture.supplyAsync(() -> store.push(alice.defaultSpaceId(), alice.userId(), device,
                        List.of(OpCodec.encode(op(device, "r", 50)))));
                await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock(holder));
                // As a push of the same device holding the lock would: move the device's clock past the waiting op.
                try (var st = holder.prepareStatement("UPDATE device_clocks SET max_hlc = ? "
                        + "WHERE space_id = ? AND device_id = ?")) {
                    st.setString(1, new Hlc(1_700_000_000_000L + 100, 0).encode());
                    st.setObject(2, alice.defaultSpaceId());
                    st.setObject(3, device);
                    assertThat(st.executeUpdate()).isEqualTo(1);
                }
                holder.commit();
            }

            assertThat(push).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                    .havingRootCause().isInstanceOf(PushRejectedException.class)
                    .withMessageContaining("hlc");
        }
    }

    /** Whether a store connection (named synckit-server) waits for a row lock. */
    private static boolean waitingOnALock(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name = 'synckit-server' "
                + "AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Test
    void pooledConnectionsNameTheApplication() throws Exception {
        try (var store = open(db)) {
            store.ping();

            try (var c = db.connect(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                         + "AND application_name = 'synckit-server'")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
    }

    private static Map<String, TreeSet<String>> columns(Connection c, String sql) throws SQLException {
        var out = new TreeMap<String, TreeSet<String>>();
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), t -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    private static void lockSpace(Connection c, UUID space) throws SQLException {
        try (var st = c.prepareStatement("SELECT head_seq FROM spaces WHERE space_id = ? FOR UPDATE")) {
            st.setObject(1, space);
            st.executeQuery().close();
        }
    }

    private static Principal user(Store store, String name) {
        store.createUser(name, NOW);
        var secret = ApiKeys.newSecret();
        store.createApiKey(ApiKeys.newKeyId(), name, ApiKeys.hash(secret), NOW);
        return store.authenticate(ApiKeys.hash(secret)).orElseThrow();
    }

    private static UUID device(Store store, Principal user) {
        return store.registerDevice(user.userId(), new DeviceRegistration("pc", "test"), NOW).deviceId();
    }

    private static PushResponse push(Store store, Principal user, UUID device) {
        return store.push(user.defaultSpaceId(), user.userId(), device, List.of(OpCodec.encode(op(device, "r", 1))));
    }

    private static Op op(UUID device, String row, long n) {
        return new Op(UUID.randomUUID(), "todos", row, OpKind.UPSERT, Map.of("title", StringNode.valueOf("t" + n)),
                new Hlc(1_700_000_000_000L + n, 0), device, 1);
    }
}
