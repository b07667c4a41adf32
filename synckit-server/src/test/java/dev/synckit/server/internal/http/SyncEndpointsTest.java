package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceList;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.SequencedOp;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/** The happy paths of every endpoint, with the JSON shapes docs/PROTOCOL.md documents. */
class SyncEndpointsTest {

    static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123Z");
    static final Hlc T0 = new Hlc(1_700_000_000_000L, 0);

    @TempDir
    Path dir;
    HttpFixture f;
    String key;

    @BeforeEach
    void start() {
        f = HttpFixture.start(dir, b -> b.clock(Clock.fixed(NOW, ZoneOffset.UTC)).defaultPullLimit(2));
        key = f.user("alice");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void meDescribesTheCaller() {
        var r = f.get("/v1/me", key);

        assertThat(r.status()).isEqualTo(200);
        var me = r.as(AccountInfo.class);
        assertThat(me.userName()).isEqualTo("alice");
        assertThat(r.json().propertyNames()).containsExactlyInAnyOrder("user_id", "user_name", "default_space_id");
    }

    @Test
    void aRegisteredDeviceIsCreatedAndListed() {
        var created = f.post("/v1/devices", key, "{\"hostname\":\"laptop\",\"platform\":\"linux\"}");
        var second = f.post("/v1/devices", key, "{\"hostname\":\"phone\",\"platform\":\"android\"}");

        var list = f.get("/v1/devices", key);

        assertThat(created.status()).isEqualTo(201);
        var device = created.as(Device.class);
        assertThat(device.hostname()).isEqualTo("laptop");
        assertThat(device.platform()).isEqualTo("linux");
        assertThat(device.createdAt()).isEqualTo(NOW);
        assertThat(created.json().get("created_at").asString()).isEqualTo("2026-05-06T07:08:09.123Z");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.as(DeviceList.class).devices()).containsExactly(device, second.as(Device.class));
    }

    @Test
    void devicesAreListedPerUser() {
        f.device(key);
        var bob = f.user("bob");

        var bobs = f.get("/v1/devices", bob).as(DeviceList.class);

        assertThat(bobs.devices()).isEmpty();
    }

    @Test
    void aPushedBatchIsAppliedAndPulledBackInOrder() {
        var device = f.device(key);
        var ops = HttpFixture.upserts(device, 3, T0);

        var push = f.post("/v1/spaces/default/ops", key, HttpFixture.pushJson(device, ops));
        var pull = f.get("/v1/spaces/default/ops?after=0&limit=10", key);

        assertThat(push.status()).isEqualTo(200);
        var response = push.as(PushResponse.class);
        assertThat(response.results()).extracting(r -> r.status()).containsOnly(OpStatus.APPLIED);
        assertThat(response.results()).extracting(r -> r.opId()).containsExactlyElementsOf(ops.stream()
                .map(Op::opId).toList());
        assertThat(response.lastSeq()).isEqualTo(3);
        assertThat(push.json().get("results").get(0).has("reason")).isFalse();
        var page = pull.as(PullPage.class);
        assertThat(page.ops()).extracting(SequencedOp::op).containsExactlyElementsOf(ops);
        assertThat(page.nextCursor()).isEqualTo(3);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void aPullWithoutParametersStartsAtZeroWithTheDefaultLimit() {
        var device = f.device(key);
        f.post("/v1/spaces/default/ops", key, HttpFixture.pushJson(device, HttpFixture.upserts(device, 3, T0)));

        var page = f.get("/v1/spaces/default/ops", key).as(PullPage.class);
        var rest = f.get("/v1/spaces/default/ops?after=" + page.nextCursor(), key).as(PullPage.class);

        assertThat(page.ops()).extracting(SequencedOp::seq).containsExactly(1L, 2L);
        assertThat(page.hasMore()).isTrue();
        assertThat(rest.ops()).extracting(SequencedOp::seq).containsExactly(3L);
        assertThat(rest.hasMore()).isFalse();
    }

    @Test
    void anEmptyPageKeepsTheCursor() {
        var page = f.get("/v1/spaces/default/ops?after=42", key);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().toString()).isEqualTo("{\"ops\":[],\"next_cursor\":42,\"has_more\":false}");
    }

    @Test
    void aRetriedPushReportsDuplicatesWithTheirSeqs() {
        var device = f.device(key);
        var body = HttpFixture.pushJson(device, HttpFixture.upserts(device, 2, T0));
        f.post("/v1/spaces/default/ops", key, body);

        var retry = f.post("/v1/spaces/default/ops", key, body).as(PushResponse.class);

        assertThat(retry.results()).extracting(r -> r.status()).containsOnly(OpStatus.DUPLICATE);
        assertThat(retry.results()).extracting(r -> r.seq()).containsExactly(1L, 2L);
        assertThat(retry.lastSeq()).isEqualTo(2);
    }

    @Test
    void concurrentEditsOfDifferentFieldsMergeInTheMaterializedView() {
        var laptop = f.device(key);
        var phone = f.device(key);
        var space = f.defaultSpace(key);
        var create = new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("t"), "done", IntNode.valueOf(0)), T0, laptop, 1);
        var title = new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("laptop")), new Hlc(T0.wallMillis() + 10, 0), laptop, 1);
        var done = new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT, Map.of("done", IntNode.valueOf(1)),
                new Hlc(T0.wallMillis() + 5, 0), phone, 1);
        var staleTitle = new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT,
                Map.of("title", StringNode.valueOf("phone")), new Hlc(T0.wallMillis() + 6, 0), phone, 1);
        f.post("/v1/spaces/default/ops", key, HttpFixture.pushJson(laptop, List.of(create, title)));

        var response = f.post("/v1/spaces/default/ops", key, HttpFixture.pushJson(phone, List.of(done, staleTitle)))
                .as(PushResponse.class);

        assertThat(response.results()).extracting(r -> r.status()).containsExactly(OpStatus.APPLIED,
                OpStatus.SUPERSEDED);
        assertThat(response.lastSeq()).isEqualTo(3);
        assertThat(f.server.materializedRows(space, "todos")).containsOnlyKeys("r1");
        assertThat(f.server.materializedRows(space, "todos").get("r1"))
                .containsEntry("title", StringNode.valueOf("laptop")).containsEntry("done", IntNode.valueOf(1));
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() {
        var ids = new HashSet<String>();
        for (var r : List.of(f.get("/health", null), f.get("/v1/me", key), f.get("/v1/me", null),
                f.get("/nope", null))) {
            var id = r.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).matches("req_[0-9a-f]{16}");
            ids.add(id);
        }

        assertThat(ids).hasSize(4);
    }

    @Test
    void aJsonContentTypeWithACharsetIsAccepted() {
        var request = f.request("/v1/devices", key).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"h\",\"platform\":\"p\"}"));

        assertThat(f.send(request).status()).isEqualTo(201);
    }

    @Test
    void unknownPropertiesAreIgnoredForForwardCompatibility() {
        var r = f.post("/v1/devices", key, "{\"hostname\":\"h\",\"platform\":\"p\",\"added_later\":{\"x\":1}}");

        assertThat(r.status()).isEqualTo(201);
    }
}
