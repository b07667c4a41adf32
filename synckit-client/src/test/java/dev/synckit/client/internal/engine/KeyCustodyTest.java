package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SecretStore;
import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

class KeyCustodyTest {

    static final UUID SPACE = UUID.fromString("eb5b7975-6f86-4796-851e-83d5f089c32e");

    @TempDir
    Path dir;

    @Test
    void aKeptKeyIsLoadedByTheNextRunUnverifiedUntilCheckedAgainstTheServer() {
        var store = SecretStore.inDirectory(dir);
        var key = MasterKey.generate(new SecureRandom());
        try (var first = new KeyCustody(() -> store); var second = new KeyCustody(() -> store)) {
            first.keep(SPACE, key);

            boolean loaded = second.loadStored(SPACE);

            assertThat(first.verified()).as("it came from the server's blob").isTrue();
            assertThat(loaded).isTrue();
            assertThat(second.hasKey()).isTrue();
            assertThat(second.verified()).isFalse();
            assertThat(second.matches(key.keyCheck())).isTrue();
            assertThat(second.matches(new byte[MasterKey.KEY_CHECK_BYTES])).isFalse();
            assertThat(second.loadStored(UUID.randomUUID())).as("another space has no key kept").isFalse();
            second.markVerified();
            assertThat(second.verified()).isTrue();
        }
    }

    @Test
    void theStoreIsCreatedOnlyWhenAKeyIsKeptOrLoaded() {
        var created = new int[1];
        try (var custody = new KeyCustody(() -> {
            created[0]++;
            return SecretStore.inDirectory(dir);
        })) {
            assertThat(custody.hasKey()).isFalse();
            assertThat(custody.sealer()).isEmpty();
            assertThat(created[0]).isZero();

            custody.loadStored(SPACE);
            custody.loadStored(SPACE);

            assertThat(created[0]).isOne();
        }
    }

    @Test
    void unloadingWipesTheSealerInUse() {
        try (var custody = new KeyCustody(() -> SecretStore.inDirectory(dir))) {
            custody.keep(SPACE, MasterKey.generate(new SecureRandom()));
            var sealer = custody.sealer().orElseThrow();

            custody.unload();

            assertThat(custody.hasKey()).isFalse();
            assertThatThrownBy(() -> sealer.seal(SPACE, op())).isInstanceOf(IllegalStateException.class);
            assertThat(custody.loadStored(SPACE)).as("it stays in the store").isTrue();
        }
    }

    @Test
    void aDamagedStoredSecretIsATypedFailureAndLoadsNothing() {
        var store = SecretStore.inDirectory(dir);
        store.store("synckit-master-key-" + SPACE, new byte[16]);
        try (var custody = new KeyCustody(() -> store)) {
            assertThatThrownBy(() -> custody.loadStored(SPACE)).isInstanceOfSatisfying(CryptoException.class,
                    e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.TAMPERED));
            assertThat(custody.hasKey()).isFalse();
        }
    }

    private static Op op() {
        return new Op(UUID.randomUUID(), "todos", "r1", OpKind.UPSERT,
                Map.<String, JsonNode>of("title", StringNode.valueOf("x")), Hlc.parse("1732320000123-00002"),
                UUID.randomUUID(), 1, null);
    }
}
