package dev.synckit.client;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;

/**
 * The root of every runtime failure the SyncKit client reports: the server refused a request, the network
 * failed, or the local database could not be read or written.
 *
 * <p>The hierarchy is sealed and unchecked (like Jackson 3's), so that sync can run in lambdas and on background
 * threads without wrapping. Switch over the subtypes to react:
 * {@snippet :
 * try {
 *     engine.sync();
 * } catch (SyncKitException e) {
 *     switch (e) {
 *         case AuthException a -> askTheUserToSignInAgain();
 *         case NetworkException n -> retryLater();
 *         case ResyncRequiredException r -> rebuildFromSnapshot();
 *         case ConflictException c -> reportABug(c);
 *         case ServerException s -> retryLater();
 *         case CryptoException c -> askForTheEncryptionPassword();
 *         case LocalStoreException l -> showTheDiskError(l);
 *         case SyncKitException other -> throw other;
 *     }
 * }
 * }
 *
 * <p>Messages never contain row payloads, API keys or tokens. A blocking call that is interrupted restores the
 * thread's interrupt flag before it throws.
 *
 * @since 0.1
 */
public sealed class SyncKitException extends RuntimeException
        permits AuthException, NetworkException, ServerException, ConflictException, ResyncRequiredException,
        CryptoException, LocalStoreException {

    private final @Nullable ErrorCode code;

    SyncKitException(String message, @Nullable ErrorCode code, @Nullable Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * Returns the protocol error code the server sent, if the failure came from a server answer that carried one.
     *
     * @return the error code, or empty
     */
    public Optional<ErrorCode> code() {
        return Optional.ofNullable(code);
    }

    static String describe(int status, @Nullable ErrorCode code, String message, @Nullable String requestId) {
        var s = new StringBuilder("HTTP ").append(status);
        if (code != null) {
            s.append(' ').append(code.wire());
        }
        s.append(": ").append(message);
        if (requestId != null) {
            s.append(" (request id ").append(requestId).append(')');
        }
        return s.toString();
    }
}
