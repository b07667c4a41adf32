/**
 * End-to-end encryption (DESIGN §7, {@code docs/ENCRYPTION.md}) and the secret store behind the OS keychain.
 * Not exported; not API.
 *
 * <p>The pieces, bottom up:
 * <ul>
 *   <li>{@link dev.synckit.client.internal.crypto.MasterKey}: the account's random 256-bit key. Everything else is
 *       derived from it, so changing the password never re-encrypts data.</li>
 *   <li>{@link dev.synckit.client.internal.crypto.KeyWrapper} and
 *       {@link dev.synckit.client.internal.crypto.KeyBlob}: the master key wrapped under the password (Argon2id)
 *       and under the {@link dev.synckit.client.internal.crypto.RecoveryKey}, in the opaque JSON blob the server
 *       stores.</li>
 *   <li>{@link dev.synckit.client.internal.crypto.OpSealer}: seals an op before push and opens it after pull,
 *       built from {@link dev.synckit.client.internal.crypto.NameHasher} (keyed hashes of table and column names),
 *       {@link dev.synckit.client.internal.crypto.RowIdCipher} (deterministic encryption of the row identity) and
 *       {@link dev.synckit.client.internal.crypto.FieldCipher} (AES-256-GCM per field value) under the keys of
 *       {@link dev.synckit.client.internal.crypto.SpaceKeys}.</li>
 *   <li>{@link dev.synckit.client.internal.crypto.SecretStores}: the backends of
 *       {@link dev.synckit.client.SecretStore} (macOS Keychain, Secret Service, Windows Credential Manager, and a
 *       file fallback).</li>
 * </ul>
 *
 * <p>House rules here: no key, password, plaintext value or plaintext name is ever logged or put into an
 * exception message; copies of key bytes and password characters are wiped when no longer needed, where the JDK
 * lets us (a {@code SecretKeySpec} or an immutable {@code String} cannot be wiped).
 */
@NullMarked
package dev.synckit.client.internal.crypto;

import org.jspecify.annotations.NullMarked;
