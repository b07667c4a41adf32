/**
 * Realtime sync over WebSocket ({@code GET /v1/ws}, docs/PROTOCOL.md "Realtime"): the endpoint, one bounded outbox
 * per connection, one fan-out feed per space that reads new ops from the store once per node, and the debounced acks.
 *
 * <p>Appends reach a feed from this node's pushes (the shared push path) and, on PostgreSQL, from other nodes'
 * pushes through {@code LISTEN/NOTIFY}. Per subscription the feed sends every op exactly once, in seq order, without
 * gaps; when in doubt (too many ops, a store failure, a full outbox) it sends {@code catch_up} and the client pulls
 * over HTTP. Nothing a slow client does blocks an append or another connection.
 */
@NullMarked
package dev.synckit.server.internal.ws;

import org.jspecify.annotations.NullMarked;
