package dev.synckit.client.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.client.CryptoException;
import dev.synckit.client.ResyncRequiredException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.crypto.KeyBlob;
import dev.synckit.client.internal.crypto.KeyWrapper;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.client.internal.crypto.RecoveryKey;
import dev.synckit.client.internal.store.Database;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.client.internal.transport.SealingTransport;

/**
 * End-to-end encryption for one engine: the account-level flows of seeds/000 (set up on the first device, unlock
 * on another, change or reset the password) and the decision, before every sync, whether the space is encrypted.
 *
 * <p>The safety rule it enforces: once this database has seen a key blob for the account (the
 * {@code encryption_enabled} flag in {@code sync_state}, set in the same breath as the key is kept), every sync
 * seals, and a sync without the key fails with {@link CryptoException.Reason#NO_MASTER_KEY} before anything is
 * sent or applied. While the flag is not set, the first sync of an engine asks the server whether the account has
 * a key blob (one small request), and later syncs ask again once {@link #PLAINTEXT_RECHECK} has passed since the
 * last answer "none", so a device stops pushing plaintext within that time after another device turned encryption
 * on, without paying a request per sync (a realtime-connected engine syncs after every local write). Encryption is
 * turned on only for a space whose log is empty: v1 does not re-encrypt data that was synced in the clear, so the
 * window matters only for two new devices of one account that start syncing within a minute of each other.
 *
 * <p>Called under the engine's per-file lock (so no sync runs while the key or the flag changes), except
 * {@link #hasServerKey} and the read-only accessors. The blob's version makes every write a compare-and-set; a
 * write that loses gets {@link dev.synckit.client.ConflictException} and nothing changed. Never logs passwords,
 * keys or recovery keys.
 */
final class EngineEncryption implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineEncryption.class);

    /** How long an answer "the account has no key blob" is trusted before a sync asks the server again. */
    static final Duration PLAINTEXT_RECHECK = Duration.ofSeconds(60);

    private final KeyCustody custody;
    private final KeyWrapper wrapper;
    private final Clock clock;
    private volatile boolean enabled;
    /** Until when the last "no key blob" answer is trusted; {@link Instant#MIN} to ask at the next sync. */
    private volatile Instant plaintextUntil = Instant.MIN;

    EngineEncryption(KeyCustody custody, KeyWrapper wrapper, boolean enabled, Clock clock) {
        this.custody = custody;
        this.wrapper = wrapper;
        this.enabled = enabled;
        this.clock = clock;
    }

    /** Reads whether the database has seen encryption turned on for its account. */
    static boolean enabledIn(Connection c) throws SQLException {
        return "1".equals(SyncState.get(c, SyncState.ENCRYPTION_ENABLED).orElse("0"));
    }

    /** {@return whether this database syncs encrypted (as far as it knows)} */
    boolean enabled() {
        return enabled;
    }

    /** {@return the sealer while encryption is on and the key loaded} */
    Optional<OpSealer> sealer() {
        return enabled ? custody.sealer() : Optional.empty();
    }

    boolean hasMasterKey() {
        return custody.hasKey();
    }

    static boolean hasServerKey(SyncKitClient client) {
        return ServerKeys.fetch(client).isPresent();
    }

    /**
     * Decides how this sync treats the space: empty for plaintext, else the sealer.
     *
     * @throws CryptoException with {@link CryptoException.Reason#NO_MASTER_KEY} if the account's data is encrypted
     *         and this device has no (or a stale) key
     */
    Optional<OpSealer> beforeSync(SyncKitClient client, Database db) {
        if (!enabled) {
            var now = clock.instant();
            if (now.isBefore(plaintextUntil)) {
                return Optional.empty();
            }
            if (ServerKeys.fetch(client).isEmpty()) {
                plaintextUntil = now.plus(PLAINTEXT_RECHECK);
                return Optional.empty();
            }
            enable(db);
            log.info("End-to-end encryption is set up for this account; syncing encrypted from now on");
        }
        if (!custody.hasKey()) {
            throw new CryptoException(CryptoException.Reason.NO_MASTER_KEY, "end-to-end encryption is set up for "
                    + "this account and this device has no key yet: unlock it with the encryption password "
                    + "(setupEncryptionExisting) before syncing; nothing was sent", null);
        }
        if (!custody.verified()) {
            verifyLoadedKey(client);
        }
        return custody.sealer();
    }

    /**
     * The server refused a plaintext push because the account has a key blob (another device set up encryption
     * since this one last asked): asks again now, which turns encryption on for this database.
     *
     * @throws CryptoException with {@link CryptoException.Reason#NO_MASTER_KEY} if this device has no key; returns
     *         if it has one (the next sync seals)
     */
    void serverRequiresEncryption(SyncKitClient client, Database db) {
        plaintextUntil = Instant.MIN;
        beforeSync(client, db);
    }

    /**
     * First device: generates the master key, keeps it, uploads the wrapped key with expected version 0.
     *
     * @return the recovery key's display text
     */
    String setupNew(SyncKitClient client, Database db, UUID spaceId, char[] password) {
        ServerKeys.requirePassword("password", password);
        if (ServerKeys.fetch(client).isPresent()) {
            throw new IllegalStateException("end-to-end encryption is already set up for this account: "
                    + "unlock this device with setupEncryptionExisting(password)");
        }
        requireEmptySpace(client, spaceId);
        var setup = wrapper.setup(password);
        try {
            custody.keep(spaceId, setup.masterKey());
            try {
                client.putKeyBlob(setup.blob().toJson(), 0);
            } catch (RuntimeException e) {
                forgetAfterFailure(spaceId, e);
                throw e;
            }
            enable(db);
            log.info("Set up end-to-end encryption for this account");
            return setup.recoveryKey().toDisplayString();
        } finally {
            setup.masterKey().destroy();
            setup.recoveryKey().destroy();
        }
    }

    /** Another device: fetches the blob, unwraps it with the password, keeps the key. */
    void setupExisting(SyncKitClient client, Database db, UUID spaceId, char[] password) {
        ServerKeys.requirePassword("password", password);
        var stored = ServerKeys.require(client);
        var key = wrapper.unwrap(KeyBlob.parse(stored.blob()), password);
        try {
            custody.keep(spaceId, key);
        } finally {
            key.destroy();
        }
        enable(db);
        log.info("Unlocked end-to-end encryption on this device");
    }

    /** Re-wraps the master key under a new password and uploads it in place of the version it read. */
    void changePassword(SyncKitClient client, char[] oldPassword, char[] newPassword) {
        ServerKeys.requirePassword("oldPassword", oldPassword);
        ServerKeys.requirePassword("newPassword", newPassword);
        var stored = ServerKeys.require(client);
        var changed = wrapper.changePassword(KeyBlob.parse(stored.blob()), oldPassword, newPassword);
        client.putKeyBlob(changed.toJson(), stored.version());
        log.info("Changed the end-to-end encryption password");
    }

    /** Replaces a forgotten password with the recovery key, and unlocks this device with it. */
    void resetPassword(SyncKitClient client, Database db, UUID spaceId, String recoveryKey, char[] newPassword) {
        ServerKeys.requirePassword("newPassword", newPassword);
        var recovery = RecoveryKey.parse(recoveryKey);
        try {
            var stored = ServerKeys.require(client);
            var blob = KeyBlob.parse(stored.blob());
            var key = wrapper.unwrapWithRecoveryKey(blob, recovery);
            try {
                client.putKeyBlob(wrapper.resetPassword(blob, recovery, newPassword).toJson(), stored.version());
                custody.keep(spaceId, key);
            } finally {
                key.destroy();
            }
        } finally {
            recovery.destroy();
        }
        enable(db);
        log.info("Reset the end-to-end encryption password with the recovery key");
    }

    /** Loads the key kept for the space, if any; a kept key means encryption is on. */
    boolean tryLoad(Database db, UUID spaceId) {
        if (!custody.loadStored(spaceId)) {
            return false;
        }
        enable(db);
        return true;
    }

    /**
     * Refuses, before anything is pushed, a pending change of a row too long to seal.
     *
     * @throws CryptoException with {@link CryptoException.Reason#ROW_ID_TOO_LONG}
     */
    static void requirePendingRowsFit(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT table_name, row_id FROM sync_changelog WHERE pushed = 0 "
                + "AND length(CAST(table_name AS BLOB)) + length(CAST(row_id AS BLOB)) > ? LIMIT 100")) {
            ps.setInt(1, OpSealer.MAX_TABLE_AND_ROW_ID_BYTES);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!OpSealer.fits(rs.getString(1), rs.getString(2))) {
                        throw SealingTransport.tooLong();
                    }
                }
            }
        }
    }

    /**
     * Opens ops streamed over the realtime socket.
     *
     * @return the plaintext ops, or null when only an HTTP sync can decide what to do with them (no key, an op that
     *         does not open, or sealed ops reaching a database that has not seen encryption yet); that sync then
     *         fails with the typed error and records it
     */
    @Nullable RemotePage openStreamed(UUID spaceId, RemotePage ops) {
        if (!enabled) {
            return ops.ops().stream().anyMatch(o -> OpSealer.looksSealed(o.table())) ? null : ops;
        }
        var sealer = custody.sealer();
        if (sealer.isEmpty()) {
            return null;
        }
        try {
            return SealingTransport.openPage(sealer.get(), spaceId, ops);
        } catch (CryptoException | IllegalStateException e) {
            // TAMPERED (the HTTP catch-up reports it) or a sealer closed by a key change meanwhile
            log.debug("Streamed ops did not open ({}); catching up over HTTP", e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public void close() {
        custody.close();
    }

    /** Compares the loaded key with the server's blob once per load: a replaced account key must not be used. */
    private void verifyLoadedKey(SyncKitClient client) {
        var stored = ServerKeys.fetch(client);
        if (stored.isEmpty()) {
            // The data stays sealed under the key the device has; a server that lost or hides the blob cannot
            // make the device push plaintext.
            log.warn("The server has no key blob although encryption is on for this database; syncing encrypted");
            return;
        }
        if (!custody.matches(KeyBlob.parse(stored.get().blob()).keyCheck())) {
            custody.unload();
            throw new CryptoException(CryptoException.Reason.NO_MASTER_KEY, "the key kept on this device is not "
                    + "the account's key: unlock it again with the encryption password; nothing was sent", null);
        }
        custody.markVerified();
    }

    private static void requireEmptySpace(SyncKitClient client, UUID spaceId) {
        boolean empty;
        try {
            empty = client.pull(spaceId, 0, 1).ops().isEmpty();
        } catch (ResyncRequiredException e) {
            empty = false; // compacted: it held ops
        }
        if (!empty) {
            throw new IllegalStateException("space " + spaceId + " already holds data synced without encryption; "
                    + "end-to-end encryption can only be set up before the first data is synced");
        }
    }

    private void enable(Database db) {
        if (!enabled) {
            db.inTransaction(c -> {
                SyncState.put(c, SyncState.ENCRYPTION_ENABLED, "1");
                return null;
            });
            enabled = true;
        }
    }

    private void forgetAfterFailure(UUID spaceId, RuntimeException failure) {
        custody.unload();
        try {
            custody.deleteStored(spaceId);
        } catch (RuntimeException e) {
            failure.addSuppressed(e); // the upload's failure is what the caller must see
        }
    }
}
