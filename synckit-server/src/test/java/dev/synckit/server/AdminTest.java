package dev.synckit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.server.internal.store.sqlite.DatabaseSnapshot;

class AdminTest {

    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

    @TempDir
    Path dir;
    ServerConfig config;
    Admin admin;

    @BeforeEach
    void open() {
        config = ServerConfig.builder().dataDir(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        admin = Admin.open(config);
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void createUserReturnsANewIdPerUser() {
        var alice = admin.createUser("alice");
        var bob = admin.createUser("Bob.Smith_2-x");

        assertThat(alice).isNotEqualTo(bob);
    }

    @Test
    void userNamesAreUnique() {
        admin.createUser("alice");

        assertThatThrownBy(() -> admin.createUser("alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a user named 'alice' already exists");
    }

    @Test
    void userNamesMustFollowTheRule() {
        assertThatThrownBy(() -> admin.createUser("")).hasMessageContaining("1 to 64 characters of [A-Za-z0-9._-]");
        assertThatThrownBy(() -> admin.createUser("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.createUser("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.createUser("ünï")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anApiKeySecretHasTheDocumentedFormatAndOnlyItsHashIsStored() {
        admin.createUser("alice");

        var key = admin.createApiKey("alice");

        assertThat(key.secret()).matches("sk_[A-Za-z0-9_-]{43}");
        assertThat(key.keyId()).matches("key_[0-9a-f]{12}");
        assertThat(key.userName()).isEqualTo("alice");
        assertThat(key.toString()).doesNotContain(key.secret());
        var stored = DatabaseSnapshot.of(dir.resolve("synckit.db")).toString();
        assertThat(stored).doesNotContain(key.secret()).doesNotContain(key.secret().substring(3));
    }

    @Test
    void anApiKeyNeedsAnExistingUser() {
        assertThatThrownBy(() -> admin.createApiKey("nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no user named 'nobody'");
    }

    @Test
    void listApiKeysShowsStateButNoSecretsAndFiltersByUser() {
        admin.createUser("alice");
        admin.createUser("bob");
        var a1 = admin.createApiKey("alice");
        var a2 = admin.createApiKey("alice");
        var b1 = admin.createApiKey("bob");
        admin.revokeApiKey(a2.keyId());

        var all = admin.listApiKeys(null);
        var alices = admin.listApiKeys("alice");

        assertThat(all).extracting(ApiKeyInfo::keyId).containsExactlyInAnyOrder(a1.keyId(), a2.keyId(), b1.keyId());
        assertThat(alices).extracting(ApiKeyInfo::keyId).containsExactlyInAnyOrder(a1.keyId(), a2.keyId());
        assertThat(alices).filteredOn(k -> k.keyId().equals(a1.keyId())).singleElement().satisfies(k -> {
            assertThat(k.active()).isTrue();
            assertThat(k.revokedAt()).isEmpty();
            assertThat(k.createdAt()).isEqualTo(NOW);
            assertThat(k.userName()).isEqualTo("alice");
        });
        assertThat(alices).filteredOn(k -> k.keyId().equals(a2.keyId())).singleElement()
                .satisfies(k -> assertThat(k.revokedAt()).contains(NOW));
        assertThat(admin.listApiKeys("nobody")).isEmpty();
    }

    @Test
    void revokeApiKeyReportsWhetherAnActiveKeyWasRevoked() {
        admin.createUser("alice");
        var key = admin.createApiKey("alice");

        assertThat(admin.revokeApiKey(key.keyId())).isTrue();
        assertThat(admin.revokeApiKey(key.keyId())).isFalse();
        assertThat(admin.revokeApiKey("key_000000000000")).isFalse();
    }

    @Test
    void aClosedAdminRefusesWork() {
        admin.close();
        admin.close();

        assertThatThrownBy(() -> admin.createUser("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void twoAdminsOnTheSameStoreSeeEachOthersWrites() {
        try (var other = Admin.open(config)) {
            other.createUser("alice");

            var key = admin.createApiKey("alice");

            assertThat(other.listApiKeys("alice")).extracting(ApiKeyInfo::keyId).containsExactly(key.keyId());
        }
    }
}
