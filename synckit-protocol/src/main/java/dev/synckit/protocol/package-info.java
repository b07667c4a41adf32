/**
 * The SyncKit wire protocol, shared by client and server.
 *
 * <p>Every message on {@code /v1} is one of the records of this package, encoded by {@link ProtocolJson}
 * (JSON, {@code snake_case} property names, absent optional fields omitted). The central record is {@link Op}:
 * one captured change to one row, identified by its {@code op_id} (the idempotency key) and ordered by its
 * {@link Hlc hybrid logical clock}. A device pushes ops with a {@link PushRequest} and receives one
 * {@link OpResult} per op in a {@link PushResponse}; it pulls the space's log, in server sequence order, as
 * {@link PullPage}s of {@link SequencedOp}s. Failures are {@link ApiError} bodies carrying an {@link ErrorCode}.
 * On the realtime WebSocket ({@code /v1/ws}) a client sends {@link ClientFrame}s and receives {@link ServerFrame}s:
 * a subscription streams a space's new ops as they are appended.
 *
 * <p>All records are immutable and validate their components in their constructors, so an instance that
 * exists is well formed (identifier syntax and lengths, required fields). {@code docs/PROTOCOL.md} documents
 * every endpoint.
 */
@NullMarked
package dev.synckit.protocol;

import org.jspecify.annotations.NullMarked;
