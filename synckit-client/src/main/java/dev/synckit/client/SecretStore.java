package dev.synckit.client;

import java.nio.file.Path;
import java.util.Optional;

import dev.synckit.client.internal.crypto.SecretStores;

/**
 * A small store of named secrets that outlives the process: where the SDK keeps the encryption master key and the
 * session so that a later run starts without asking for the password (seeds/000: "try restore from OS keychain").
 *
 * <p>{@link #systemDefault(String)} picks the best store the machine has, in this order:
 * <ol>
 *   <li>macOS: the login Keychain, through {@code /usr/bin/security};</li>
 *   <li>Windows: the Credential Manager, through PowerShell and the Win32 credential API;</li>
 *   <li>Linux and BSD: the Secret Service (GNOME Keyring, KWallet), through {@code secret-tool} from libsecret,
 *       if it is installed and a session bus answers;</li>
 *   <li>otherwise, the {@linkplain #inDirectory(Path) file fallback} in the user's data directory.</li>
 * </ol>
 * The OS stores receive secrets on the tool's standard input, never on its command line (which other users can
 * see in the process list).
 *
 * <p><b>What each store protects against.</b> An OS keychain keeps secrets encrypted under the user's login and,
 * on macOS, restricts which programs may read them. The file fallback keeps each secret in a file only its owner
 * may read ({@code 0600} in a {@code 0700} directory), encrypted with a key derived from the machine's id where
 * there is one ({@code /etc/machine-id}): it protects against other users and against a copied or backed-up file
 * read on another machine, <em>not</em> against programs running as the same user or as root on the same machine.
 *
 * <p>Names are 1 to 64 characters of {@code [A-Za-z0-9._-]}; secrets are 1 to 2048 bytes. Implementations are safe
 * for concurrent use, blocking (an OS store starts a short-lived process per call: call off the UI thread), and
 * hold no resources between calls. Secrets are returned as fresh arrays the caller should wipe after use.
 *
 * @since 0.1
 */
public interface SecretStore {

    /** The longest secret a store accepts, in bytes (the Windows Credential Manager limit is 2560). */
    int MAX_SECRET_BYTES = 2048;

    /**
     * Stores a secret under a name, replacing any secret stored under it before. The replacement is atomic: a
     * concurrent or later {@link #load} sees the old secret or the new one, never a mix.
     *
     * @param name the name
     * @param secret the secret; not kept, the caller may wipe it afterwards
     * @throws IllegalArgumentException if the name or the secret's length breaks the rules above
     * @throws CryptoException with {@link CryptoException.Reason#SECRET_STORE} if the store cannot be written
     */
    void store(String name, byte[] secret);

    /**
     * Loads the secret stored under a name.
     *
     * @param name the name
     * @return a fresh copy of the secret, or empty if there is none
     * @throws IllegalArgumentException if the name breaks the rules above
     * @throws CryptoException with {@link CryptoException.Reason#SECRET_STORE} if the store cannot be read, or the
     *         stored secret cannot be decrypted (a secret file copied from another machine)
     */
    Optional<byte[]> load(String name);

    /**
     * Deletes the secret stored under a name.
     *
     * @param name the name
     * @return whether there was one
     * @throws IllegalArgumentException if the name breaks the rules above
     * @throws CryptoException with {@link CryptoException.Reason#SECRET_STORE} if the store cannot be written
     */
    boolean delete(String name);

    /**
     * Returns the best store available on this machine for an application.
     *
     * @param appName the application's name, 1 to 64 characters of {@code [A-Za-z0-9._-]}; it names the keychain
     *        service and the fallback directory
     * @return the store; a fallback to files is logged at WARN once per call
     * @throws IllegalArgumentException if the name breaks the rule
     */
    static SecretStore systemDefault(String appName) {
        return SecretStores.systemDefault(appName);
    }

    /**
     * Returns the file store in a directory (created {@code 0700} if missing): one file per name, written
     * atomically with mode {@code 0600}, encrypted with a machine-bound key where the machine has an id. Use it on
     * headless machines or to keep secrets next to other application state; see the class comment for what it
     * protects against.
     *
     * @param directory the directory
     * @return the store
     */
    static SecretStore inDirectory(Path directory) {
        return SecretStores.inDirectory(directory);
    }
}
