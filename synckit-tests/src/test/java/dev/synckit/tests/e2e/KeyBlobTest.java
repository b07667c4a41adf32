package dev.synckit.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.ConflictException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.crypto.Argon2Params;
import dev.synckit.client.internal.crypto.KeyBlob;
import dev.synckit.client.internal.crypto.KeyWrapper;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.server.Admin;
import dev.synckit.testkit.TestServer;

/**
 * The wrapped master key travels through the server (DESIGN §7): device A sets up encryption and uploads the blob,
 * device B fetches and unwraps it with the password, and two devices changing the password from the same version
 * cannot overwrite each other: one wins, the other gets a {@code version_conflict}.
 */
class KeyBlobTest {

    @TempDir
    Path dir;

    @Test
    void aSecondDeviceUnwrapsTheUploadedKeyAndConcurrentPasswordChangesConflict() throws Exception {
        var wrapper = new KeyWrapper(new SecureRandom(), Argon2Params.TESTING);
        try (var server = TestServer.start(dir.resolve("server"))) {
            String keyA = server.createUserWithKey("carol");
            String keyB;
            try (var admin = Admin.open(server.config())) {
                keyB = admin.createApiKey("carol").secret();
            }
            try (var a = SyncKitClient.builder().serverUrl(server.uri()).apiKey(keyA).build();
                 var b = SyncKitClient.builder().serverUrl(server.uri()).apiKey(keyB).build()) {
                // Device A: first device, nothing stored yet.
                assertThat(a.fetchKeyBlob()).isEmpty();
                var setup = wrapper.setup("old password".toCharArray());
                assertThat(a.putKeyBlob(setup.blob().toJson(), 0)).isEqualTo(1);

                // Device B fetches the same blob and unwraps the same master key with the password.
                var fetched = b.fetchKeyBlob().orElseThrow();
                assertThat(fetched.version()).isEqualTo(1);
                assertThat(fetched.blob()).isEqualTo(setup.blob().toJson());
                var onB = wrapper.unwrap(KeyBlob.parse(fetched.blob()), "old password".toCharArray());
                assertThat(onB.sameKeyAs(setup.masterKey())).isTrue();

                // A second "first device" cannot replace the blob.
                assertThatThrownBy(() -> b.putKeyBlob(wrapper.setup("other".toCharArray()).blob().toJson(), 0))
                        .isInstanceOfSatisfying(ConflictException.class,
                                e -> assertThat(e.code()).contains(ErrorCode.VERSION_CONFLICT));

                // A and B change the password at once, both from version 1.
                var current = KeyBlob.parse(fetched.blob());
                var fromA = wrapper.changePassword(current, "old password".toCharArray(), "new A".toCharArray());
                var fromB = wrapper.changePassword(current, "old password".toCharArray(), "new B".toCharArray());
                var outcomes = race(List.of(() -> outcome(a, fromA), () -> outcome(b, fromB)));

                assertThat(outcomes).containsExactlyInAnyOrder("won", "conflict");
                var stored = a.fetchKeyBlob().orElseThrow();
                assertThat(stored.version()).isEqualTo(2);
                String winnerPassword = outcomes.get(0).equals("won") ? "new A" : "new B";
                var winnerBlob = outcomes.get(0).equals("won") ? fromA : fromB;
                assertThat(stored.blob()).isEqualTo(winnerBlob.toJson());
                var unwrapped = wrapper.unwrap(KeyBlob.parse(stored.blob()), winnerPassword.toCharArray());
                assertThat(unwrapped.sameKeyAs(setup.masterKey())).isTrue();
            }
        }
    }

    private static String outcome(SyncKitClient client, KeyBlob blob) {
        try {
            assertThat(client.putKeyBlob(blob.toJson(), 1)).isEqualTo(2);
            return "won";
        } catch (ConflictException e) {
            assertThat(e.code()).contains(ErrorCode.VERSION_CONFLICT);
            return "conflict";
        }
    }

    /** Runs the tasks on threads released together; results in task order. */
    private static List<String> race(List<Callable<String>> tasks) throws Exception {
        var go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(tasks.size())) {
            var futures = new ArrayList<Future<String>>();
            for (var task : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            var out = new ArrayList<String>();
            for (var f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        }
    }
}
