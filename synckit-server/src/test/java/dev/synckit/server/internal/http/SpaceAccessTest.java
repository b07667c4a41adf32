package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.PullPage;

class SpaceAccessTest {

    static final Hlc T0 = new Hlc(1_700_000_000_000L, 0);

    @TempDir
    Path dir;
    HttpFixture f;
    String alice;
    String bob;
    UUID aliceSpace;
    UUID bobDevice;

    @BeforeEach
    void start() {
        f = HttpFixture.start(dir);
        alice = f.user("alice");
        bob = f.user("bob");
        aliceSpace = f.defaultSpace(alice);
        var aliceDevice = f.device(alice);
        bobDevice = f.device(bob);
        f.post("/v1/spaces/default/ops", alice, HttpFixture.pushJson(aliceDevice,
                HttpFixture.upserts(aliceDevice, 3, T0)));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void pullingAnotherUsersSpaceIsForbidden() {
        var r = f.get("/v1/spaces/" + aliceSpace + "/ops", bob);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("forbidden");
        assertThat(r.body()).doesNotContain("title");
    }

    @Test
    void pushingIntoAnotherUsersSpaceIsForbiddenAndChangesNothing() {
        var before = f.snapshot();

        var r = f.post("/v1/spaces/" + aliceSpace + "/ops", bob, HttpFixture.pushJson(bobDevice,
                HttpFixture.upserts(bobDevice, 1, T0)));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("forbidden");
        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(f.get("/v1/spaces/default/ops", alice).as(PullPage.class).ops()).hasSize(3);
    }

    @Test
    void anUnknownSpaceIsNotFoundForPushAndPullAndNothingChanges() {
        var unknown = UUID.randomUUID();
        var before = f.snapshot();

        var pull = f.get("/v1/spaces/" + unknown + "/ops", bob);
        var push = f.post("/v1/spaces/" + unknown + "/ops", bob, HttpFixture.pushJson(bobDevice,
                HttpFixture.upserts(bobDevice, 1, T0)));

        assertThat(pull.status()).isEqualTo(404);
        assertThat(pull.code()).isEqualTo("not_found");
        assertThat(push.status()).isEqualTo(404);
        assertThat(push.code()).isEqualTo("not_found");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void aMalformedSpaceIdIsABadRequest() {
        var before = f.snapshot();

        var pull = f.get("/v1/spaces/not-a-uuid/ops", alice);
        var push = f.post("/v1/spaces/1-1-1-1-1/ops", alice, "{}");

        assertThat(pull.status()).isEqualTo(400);
        assertThat(pull.code()).isEqualTo("bad_request");
        assertThat(push.status()).isEqualTo(400);
        assertThat(push.code()).isEqualTo("bad_request");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void theDefaultSpaceIsTheCallersOwn() {
        f.post("/v1/spaces/default/ops", bob, HttpFixture.pushJson(bobDevice, HttpFixture.upserts(bobDevice, 1, T0)));

        var alicePage = f.get("/v1/spaces/default/ops", alice).as(PullPage.class);
        var bobPage = f.get("/v1/spaces/default/ops", bob).as(PullPage.class);
        var aliceById = f.get("/v1/spaces/" + aliceSpace + "/ops", alice).as(PullPage.class);

        assertThat(alicePage.ops()).hasSize(3);
        assertThat(bobPage.ops()).hasSize(1);
        assertThat(aliceById).isEqualTo(alicePage);
    }
}
