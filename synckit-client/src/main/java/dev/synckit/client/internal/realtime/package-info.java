/**
 * Realtime sync: the worker that keeps one WebSocket to the server open per started engine, applies the ops the
 * server streams through the same apply path as a pull, and falls back to an HTTP pull whenever it is unsure.
 *
 * <p>Only contiguous ops that start at the local cursor + 1 are applied from the socket; everything else (a gap, a
 * {@code catch_up}, a reconnect) is an HTTP sync, serialized with the scheduler's syncs on the same file.
 */
@NullMarked
package dev.synckit.client.internal.realtime;

import org.jspecify.annotations.NullMarked;
