package dev.synckit.server.internal.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Hlc;

/**
 * The reads and batched writes of one push, inside one database transaction of one space, as a backend provides
 * them to {@link PushProcessor}.
 *
 * <p>Contract: the backend opens the transaction holding the space's append lock (SQLite: the single writer and
 * {@code BEGIN IMMEDIATE}; PostgreSQL: {@code SELECT … FOR UPDATE} on the space's counter row) before
 * {@link #head()} is read, and commits only after every write; if {@link PushProcessor} throws, it rolls back.
 * Every method is keyed by the transaction's space.
 */
public interface PushTransaction {

    /**
     * Tells whether a device is registered to a user.
     *
     * @param deviceId the device
     * @param userId the user
     * @return true if the device belongs to the user
     */
    boolean deviceBelongsTo(UUID deviceId, UUID userId);

    /**
     * Tells whether a user has end-to-end encryption set up (a key blob is stored), read inside the push's
     * transaction so that it holds for the whole push.
     *
     * @param userId the user
     * @return true if the user has a key blob
     */
    boolean accountEncrypted(UUID userId);

    /**
     * Returns the space's highest seq, read under the append lock.
     *
     * @return the head, 0 for an empty log
     */
    long head();

    /**
     * Looks up op ids in the space's log and among its superseded ops.
     *
     * @param opIds the ids
     * @return the known ones
     */
    Map<UUID, KnownOp> knownOps(Collection<UUID> opIds);

    /**
     * Returns the largest HLC this device has pushed to the space.
     *
     * @param deviceId the device
     * @return the stored maximum, or null if the device never pushed here
     */
    @Nullable Hlc deviceMaxHlc(UUID deviceId);

    /**
     * Loads the materialized state of rows, all at once (a push asks once, for every row it touches).
     *
     * @param keys the rows, distinct
     * @return the state of each row the space has seen; rows it never saw are absent
     */
    Map<RowKey, RowState> rows(Collection<RowKey> keys);

    /**
     * Appends ops to the log.
     *
     * @param ops the ops with their new seqs, in seq order
     */
    void append(List<AppendedOp> ops);

    /**
     * Remembers superseded ops (id and content hash only), so that a retry is recognized.
     *
     * @param ops the superseded ops
     */
    void recordSuperseded(List<EncodedOp> ops);

    /**
     * Writes changed row states.
     *
     * @param rows the rows, each {@link RowState#dirty() dirty}
     */
    void saveRows(Collection<RowState> rows);

    /**
     * Stores the device's new maximum HLC in the space.
     *
     * @param deviceId the device
     * @param maxHlc the new maximum
     */
    void saveDeviceMaxHlc(UUID deviceId, Hlc maxHlc);

    /**
     * Moves the space's head.
     *
     * @param head the new highest seq
     */
    void saveHead(long head);

    /**
     * An op and the seq it is appended with.
     *
     * @param seq the new seq
     * @param op the op
     */
    record AppendedOp(long seq, EncodedOp op) {
    }
}
