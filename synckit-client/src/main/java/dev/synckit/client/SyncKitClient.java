package dev.synckit.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.internal.transport.HttpSyncKitClient;
import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.KeyBlob;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushResponse;

/**
 * The connection to a SyncKit server: account, devices, and the push and pull of ops ({@code /v1} HTTP API).
 *
 * <p>Create one with {@link #builder()} and share it: it is safe for concurrent use by any number of threads, and
 * every method is one blocking HTTP request with the configured timeout. Failures are reported as
 * {@link SyncKitException}s: HTTP 401/403 as {@link AuthException}, 409 as {@link ConflictException}, 410 as
 * {@link ResyncRequiredException}, any other error status as {@link ServerException}, and I/O failures,
 * timeouts and interrupts as {@link NetworkException}. Every request is safe to retry.
 *
 * <p>The client never logs its API key or any op payload. {@link #close()} releases the HTTP client it created
 * (a client passed to {@link Builder#httpClient} is left open); the client must not be used afterwards.
 *
 * <p>Implementations other than the one {@link #builder()} returns are meant for tests and decorators; later
 * versions may add methods to this interface.
 *
 * @since 0.1
 */
public interface SyncKitClient extends AutoCloseable {

    /**
     * Starts configuring a client.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Returns who the API key belongs to ({@code GET /v1/me}).
     *
     * @return the account, with the user's default space
     * @throws SyncKitException if the request fails
     */
    AccountInfo account();

    /**
     * Registers this installation as a new device of the user ({@code POST /v1/devices}).
     *
     * @param hostname the machine's name as the user knows it, 1 to 200 characters, no control characters
     * @param platform the operating system or runtime, 1 to 200 characters
     * @return the new device, with the id the server assigned
     * @throws IllegalArgumentException if a label breaks the rules above
     * @throws SyncKitException if the request fails
     */
    Device registerDevice(String hostname, String platform);

    /**
     * Lists the user's devices ({@code GET /v1/devices}), oldest first.
     *
     * @return the devices
     * @throws SyncKitException if the request fails
     */
    List<Device> listDevices();

    /**
     * Pushes a batch of ops into a space ({@code POST /v1/spaces/{spaceId}/ops}). The server applies the batch
     * atomically: either every op gets a result, or nothing changes and an exception is thrown.
     *
     * @param spaceId the space
     * @param deviceId the pushing device; every op must carry it
     * @param ops the ops, in the order they were made; not empty
     * @return one result per op, in request order
     * @throws IllegalArgumentException if {@code ops} is empty or an op names another device
     * @throws ConflictException if the server refused the whole batch (op id conflict, clock regression)
     * @throws SyncKitException if the request fails otherwise
     */
    PushResponse push(UUID spaceId, UUID deviceId, List<Op> ops);

    /**
     * Pulls one page of a space's log ({@code GET /v1/spaces/{spaceId}/ops?after=N&limit=M}).
     *
     * @param spaceId the space
     * @param after the cursor: the highest sequence number already applied, {@code 0} at first
     * @param limit the most ops to return, {@code >= 1}; the server may return fewer
     * @return the page, in sequence order
     * @throws IllegalArgumentException if {@code after < 0} or {@code limit < 1}
     * @throws ResyncRequiredException if {@code after} lies below the space's compaction watermark
     * @throws SyncKitException if the request fails otherwise
     */
    PullPage pull(UUID spaceId, long after, int limit);

    /**
     * Fetches the caller's wrapped-key blob ({@code GET /v1/keys}), see {@code docs/ENCRYPTION.md}.
     *
     * @implSpec The default implementation throws {@link UnsupportedOperationException}, for clients (test doubles)
     *           without key storage.
     * @return the blob with its version, or empty if the user has not stored one yet
     * @throws SyncKitException if the request fails
     * @since 0.1
     */
    default Optional<KeyBlob> fetchKeyBlob() {
        throw new UnsupportedOperationException("this client does not store key blobs");
    }

    /**
     * Stores the caller's wrapped-key blob ({@code PUT /v1/keys}) if the stored one is still at
     * {@code expectedVersion}: {@code 0} creates it only if the user has none. Two devices that change the password
     * at once from the same version cannot both succeed; the loser fetches again and re-wraps.
     *
     * @implSpec The default implementation throws {@link UnsupportedOperationException}, for clients (test doubles)
     *           without key storage.
     * @param blob the opaque blob, non-empty, at most 16 KiB of UTF-8
     * @param expectedVersion {@code 0} or the version last fetched
     * @return the new version
     * @throws IllegalArgumentException if the blob is empty or {@code expectedVersion < 0}
     * @throws ConflictException ({@code version_conflict}) if the stored version is not {@code expectedVersion}
     * @throws SyncKitException if the request fails otherwise
     * @since 0.1
     */
    default long putKeyBlob(String blob, long expectedVersion) {
        throw new UnsupportedOperationException("this client does not store key blobs");
    }

    /**
     * Opens the realtime WebSocket ({@code GET /v1/ws} on the server URL with {@code ws}/{@code wss}), authenticated
     * with the client's API key. Frames are JSON text: encode {@link dev.synckit.protocol.ClientFrame}s and decode
     * {@link dev.synckit.protocol.ServerFrame}s with {@link dev.synckit.protocol.ProtocolJson}; the protocol is in
     * {@code docs/PROTOCOL.md}. A {@link SyncEngine} that was {@linkplain SyncEngine#start() started} opens, keeps
     * and re-opens this socket by itself; apps need this method only to talk the protocol themselves.
     *
     * <p>The listener is called as {@link WebSocket.Listener} describes (one call at a time, on the HTTP client's
     * threads, with {@link WebSocket#request(long) demand} for flow control). The socket is the caller's: close or
     * {@linkplain WebSocket#abort() abort} it when done; {@link #close()} does not.
     *
     * @implSpec The default implementation returns a future failed with {@link UnsupportedOperationException}, for
     *           clients (test doubles) without realtime; an engine then syncs over HTTP only.
     * @param listener receives the server's frames and the close
     * @return completed with the open socket, or exceptionally with an {@link AuthException} (the server refused
     *         the key: 401/403 before the upgrade) or a {@link NetworkException} (unreachable, timed out, refused
     *         the upgrade)
     * @since 0.1
     */
    default CompletableFuture<WebSocket> openRealtime(WebSocket.Listener listener) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this client has no realtime socket"));
    }

    /**
     * Releases the resources the client created: requests and sockets still in flight on an HTTP client it created
     * are aborted (they fail with a {@link NetworkException}); returns within a few seconds. Idempotent.
     */
    @Override
    default void close() {
    }

    /**
     * Configures a {@link SyncKitClient}. Setters validate their argument at once. Not safe for concurrent use.
     *
     * @since 0.1
     */
    final class Builder {

        private @Nullable URI serverUrl;
        private @Nullable String apiKey;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private @Nullable HttpClient httpClient;

        private Builder() {
        }

        /**
         * Sets the server's base URL, for example {@code https://sync.example.com}; required.
         *
         * @param serverUrl an absolute {@code http} or {@code https} URL, optionally with a path prefix
         * @return this builder
         * @throws IllegalArgumentException if the URL is not absolute http(s), or has a query or fragment
         */
        public Builder serverUrl(URI serverUrl) {
            Objects.requireNonNull(serverUrl, "serverUrl");
            var scheme = serverUrl.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || serverUrl.getHost() == null) {
                throw new IllegalArgumentException("serverUrl must be an absolute http or https URL");
            }
            if (serverUrl.getRawQuery() != null || serverUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("serverUrl must not have a query or fragment");
            }
            this.serverUrl = serverUrl;
            return this;
        }

        /**
         * Sets the API key sent as {@code Authorization: Bearer <key>}; required. It is never logged.
         *
         * @param apiKey the key, not blank, printable ASCII
         * @return this builder
         * @throws IllegalArgumentException if the key is blank or contains characters a header cannot carry
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("apiKey must be non-blank printable ASCII without spaces");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Sets how long one request may take, from sending to the complete answer; the default is 30 seconds.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if the duration is zero or negative
         */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("requestTimeout must be positive: " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Uses this HTTP client instead of creating one (to share a connection pool, a proxy or TLS settings).
         * The SyncKit client does not close it.
         *
         * @param httpClient the HTTP client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Creates the client. No request is made until a method is called.
         *
         * @return the client
         * @throws IllegalStateException if the server URL or the API key is missing
         */
        public SyncKitClient build() {
            if (serverUrl == null) {
                throw new IllegalStateException("serverUrl is required");
            }
            if (apiKey == null) {
                throw new IllegalStateException("apiKey is required");
            }
            return new HttpSyncKitClient(serverUrl, apiKey, requestTimeout, httpClient);
        }
    }
}
