package dev.synckit.tests.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncKitClient;
import dev.synckit.protocol.ApiError;
import dev.synckit.protocol.ClientFrame;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.SequencedOp;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.Admin;
import dev.synckit.testkit.TestServer;
import tools.jackson.databind.node.StringNode;

/**
 * Hostile input on the realtime socket: refused before the upgrade without a good key; malformed, unknown, wrong or
 * oversized frames and other users' spaces are answered with an error frame (or a close) and change nothing.
 */
class HostileFramesTest {

    static final long MAX_BODY = 64 * 1024;

    @TempDir
    Path dir;
    TestServer server;
    String key;
    SyncKitClient api;
    UUID space;
    UUID device;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"), b -> b.maxBodyBytes(MAX_BODY).maxOpBytes(4096));
        key = server.createUserWithKey("alice");
        api = SyncKitClient.builder().serverUrl(server.uri()).apiKey(key).build();
        space = api.account().defaultSpaceId();
        device = api.registerDevice("laptop", "test").deviceId();
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    ServerFrame.Error error(WsProbe probe, String text) throws InterruptedException {
        probe.sendText(text);
        return probe.next(ServerFrame.Error.class);
    }

    /** Proves the connection still works and that nothing was queued before the pong. */
    static void stillAnswers(WsProbe probe) throws InterruptedException {
        probe.send(new ClientFrame.Ping());
        assertThat(probe.next()).isEqualTo(new ServerFrame.Pong());
    }

    @Test
    void anUpgradeWithoutAKeyOrWithABadOneIsRefusedWith401BeforeTheUpgrade() throws Exception {
        for (var credentials : Arrays.asList(null, "sk_" + "A".repeat(43), "not-a-key")) {
            try (var raw = RawSocket.connect(server.uri(), credentials, 0)) {
                assertThat(raw.status()).as("key %s", credentials).isEqualTo(401);
                assertThat(raw.response()).containsIgnoringCase("WWW-Authenticate: Bearer");
                var body = raw.response().substring(raw.response().indexOf("\r\n\r\n") + 4);
                assertThat(ProtocolJson.mapper().readValue(body, ApiError.class).code())
                        .isEqualTo(ErrorCode.UNAUTHORIZED);
            }
        }
    }

    @Test
    void malformedJsonIsInvalidJsonAndTheConnectionStaysUsable() throws Exception {
        try (var probe = WsProbe.open(server.uri(), key)) {
            assertThat(error(probe, "{not json").code()).isEqualTo(ErrorCode.INVALID_JSON);
            assertThat(error(probe, "[]").code()).isEqualTo(ErrorCode.INVALID_JSON);
            assertThat(error(probe, "{\"type\":\"ack\",\"space_id\":\"" + space + "\",\"seq\":\"1\"}").code())
                    .as("a string where an integer belongs").isEqualTo(ErrorCode.INVALID_JSON);
            assertThat(error(probe, "{\"type\":\"ack\",\"space_id\":\"" + space + "\",\"seq\":-1}").code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
            stillAnswers(probe);
        }
    }

    @Test
    void anUnknownOrMissingTypeIsABadRequest() throws Exception {
        try (var probe = WsProbe.open(server.uri(), key)) {
            var unknown = error(probe, "{\"type\":\"subscribe_everything\",\"space_id\":\"" + space + "\"}");
            var missing = error(probe, "{\"space_id\":\"" + space + "\",\"seq\":1}");
            var serverType = error(probe, "{\"type\":\"pong\"}");

            assertThat(List.of(unknown.code(), missing.code(), serverType.code())).containsOnly(ErrorCode.BAD_REQUEST);
            assertThat(unknown.message()).doesNotContain("subscribe_everything");
            stillAnswers(probe);
        }
    }

    @Test
    void subscribingToAnotherUsersSpaceIsForbiddenAndDeliversNothingOfIt() throws Exception {
        var bobKey = server.createUserWithKey("bob");
        try (var bob = SyncKitClient.builder().serverUrl(server.uri()).apiKey(bobKey).build();
             var probe = WsProbe.open(server.uri(), key)) {
            var bobSpace = bob.account().defaultSpaceId();
            var bobDevice = bob.registerDevice("desk", "test").deviceId();

            probe.send(new ClientFrame.Subscribe(bobSpace, device, 0));
            var refused = probe.next(ServerFrame.Error.class);
            bob.push(bobSpace, bobDevice, new Ops(bobDevice).titles("secret", 2));
            probe.send(new ClientFrame.Ack(bobSpace, 2));
            var ackRefused = probe.next(ServerFrame.Error.class);

            assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused.spaceId()).isEqualTo(bobSpace);
            assertThat(ackRefused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            stillAnswers(probe);
        }
    }

    @Test
    void anUnknownSpaceIsNotFoundAndAnotherUsersDeviceIsUnknown() throws Exception {
        var bobKey = server.createUserWithKey("bob");
        try (var bob = SyncKitClient.builder().serverUrl(server.uri()).apiKey(bobKey).build();
             var probe = WsProbe.open(server.uri(), key)) {
            var bobDevice = bob.registerDevice("desk", "test").deviceId();

            probe.send(new ClientFrame.Subscribe(UUID.randomUUID(), device, 0));
            var unknownSpace = probe.next(ServerFrame.Error.class);
            probe.send(new ClientFrame.Subscribe(space, bobDevice, 0));
            var foreignDevice = probe.next(ServerFrame.Error.class);

            assertThat(unknownSpace.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(foreignDevice.code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
            stillAnswers(probe);
        }
    }

    @Test
    void refusedPushesAnswerWithTheirRequestIdAndChangeNothing() throws Exception {
        var bobKey = server.createUserWithKey("bob");
        try (var bob = SyncKitClient.builder().serverUrl(server.uri()).apiKey(bobKey).build();
             var probe = WsProbe.open(server.uri(), key)) {
            var bobSpace = bob.account().defaultSpaceId();
            var ops = new Ops(device);

            probe.send(new ClientFrame.Push("into-bobs", bobSpace, device, List.of(ops.title("x", "y"))));
            var forbidden = probe.next(ServerFrame.Error.class);
            probe.send(new ClientFrame.Push("too-big", space, device, List.of(ops.title("x", "y".repeat(5000)))));
            var tooBig = probe.next(ServerFrame.Error.class);
            var invalid = error(probe, ProtocolJson.mapper().writeValueAsString(
                    new ClientFrame.Push("bad-table", space, device, List.of(ops.title("x", "y"))))
                    .replace("\"todos\"", "\"todos; drop\""));
            var first = ops.title("x", "first");
            probe.send(new ClientFrame.Push("ok", space, device, List.of(first)));
            probe.next(ServerFrame.PushResult.class);
            var reused = new Op(first.opId(), "todos", "x", first.kind(), Map.of("title", StringNode.valueOf("other")),
                    ops.title("z", "z").hlc(), device, 1);
            probe.send(new ClientFrame.Push("reused-id", space, device, List.of(reused)));
            var conflict = probe.next(ServerFrame.Error.class);

            assertThat(forbidden.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(forbidden.requestId()).isEqualTo("into-bobs");
            assertThat(tooBig.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
            assertThat(tooBig.requestId()).isEqualTo("too-big");
            assertThat(invalid.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(conflict.code()).isEqualTo(ErrorCode.OP_ID_CONFLICT);
            assertThat(conflict.requestId()).isEqualTo("reused-id");
            assertThat(api.pull(space, 0, 100).ops()).extracting(SequencedOp::seq).containsExactly(1L);
            assertThat(bob.pull(bobSpace, 0, 100).ops()).isEmpty();
        }
    }

    @Test
    void aFrameLargerThanTheBodyLimitClosesTheConnectionWith1009AndChangesNothing() throws Exception {
        try (var raw = RawSocket.connect(server.uri(), key, 0)) {
            assertThat(raw.status()).isEqualTo(101);
            var oversized = ProtocolJson.mapper().writeValueAsString(new ClientFrame.Push("big", space, device,
                    new Ops(device).titles("row", 10))).replace("\"row 0\"", "\"" + "x".repeat((int) MAX_BODY) + "\"");

            raw.sendText(oversized);

            var close = raw.readUntilClosed(WsProbe.WAIT);
            assertThat(close.opcode()).isEqualTo(RawSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
        }
        assertThat(api.pull(space, 0, 100).ops()).isEmpty();
    }

    @Test
    void aBinaryFrameIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (var raw = RawSocket.connect(server.uri(), key, 0)) {
            raw.send(RawSocket.BINARY, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            var refused = raw.read(WsProbe.WAIT);
            raw.sendText("{\"type\":\"ping\"}");
            var pong = raw.read(WsProbe.WAIT);

            assertThat(ProtocolJson.mapper().readValue(refused.text(), ServerFrame.class))
                    .isInstanceOfSatisfying(ServerFrame.Error.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.BAD_REQUEST));
            assertThat(ProtocolJson.mapper().readValue(pong.text(), ServerFrame.class))
                    .isEqualTo(new ServerFrame.Pong());
        }
    }

    @Test
    void aKeyRevokedWhileConnectedClosesTheConnectionAtItsNextSubscribe() throws Exception {
        try (var probe = WsProbe.open(server.uri(), key)) {
            probe.send(new ClientFrame.Subscribe(space, device, 0));
            probe.next(ServerFrame.Subscribed.class);
            try (var admin = Admin.open(server.config())) {
                assertThat(admin.revokeApiKey(admin.listApiKeys("alice").getFirst().keyId())).isTrue();
            }

            probe.send(new ClientFrame.Subscribe(space, device, 0));

            assertThat(probe.closeCode()).isEqualTo(1008);
        }
        try (var late = RawSocket.connect(server.uri(), key, 0)) {
            assertThat(late.status()).isEqualTo(401);
        }
    }
}
