/**
 * The SyncKit sync server.
 *
 * <p>{@link dev.synckit.server.SyncServer} runs the HTTP API ({@code docs/PROTOCOL.md}) on the store configured by a
 * {@link dev.synckit.server.ServerConfig}: an embedded SQLite file by default, or a PostgreSQL database shared by
 * several servers ({@code databaseUrl}); {@link dev.synckit.server.Admin} manages the users and
 * API keys of the same store ({@link dev.synckit.server.CreatedApiKey} is a new key's one-time secret,
 * {@link dev.synckit.server.ApiKeyInfo} a listed key). Everything else lives in {@code dev.synckit.server.internal}
 * and is not API.
 *
 * {@snippet :
 * var config = ServerConfig.builder().dataDir(Path.of("data")).port(0).build();
 * try (var admin = Admin.open(config)) {
 *     admin.createUser("alice");
 *     System.out.println(admin.createApiKey("alice").secret());
 * }
 * try (var server = SyncServer.start(config)) {
 *     // clients push to and pull from server.baseUri() + "/v1/spaces/default/ops"
 * }
 * }
 *
 * <p>How the pieces fit: a device registers ({@code POST /v1/devices}), pushes batches of ops into a space; the
 * server deduplicates them by op id, checks the device's hybrid logical clock only moves forward, merges each op
 * into the row's server-side state (field-level last-writer-wins) and appends the ops that changed something to
 * the space's log with the next sequence numbers. Other devices pull the log after their cursor, page by page.
 *
 * <p>Every type here is safe for concurrent use except {@link dev.synckit.server.ServerConfig.Builder}. Nothing
 * accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
package dev.synckit.server;

import org.jspecify.annotations.NullMarked;
