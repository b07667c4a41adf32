package dev.synckit.server.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.OpResult;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PushResponse;

/**
 * The push algorithm, the same for every backend: runs inside one {@link PushTransaction} and either returns one
 * result per op or throws {@link PushRejectedException} (the backend rolls back; nothing changes).
 *
 * <p>Per op, in request order:
 * <ol>
 *   <li>an op id already in the space (or earlier in the batch) with the same content hash is a duplicate (its
 *       existing seq) or, if it was superseded, superseded again; with another hash the whole push fails with
 *       {@code op_id_conflict};</li>
 *   <li>otherwise its HLC must be strictly greater than the device's maximum so far (stored, then advanced op by
 *       op), else the whole push fails with {@code hlc_regression};</li>
 *   <li>it is merged into its row's state ({@link RowState}): if it changes it, it is appended with the next seq,
 *       otherwise it is superseded and only its id is remembered.</li>
 * </ol>
 * Reads are a few per push (the row states of all its rows in one call); writes are batched at the end.
 */
public final class PushProcessor {

    static final String SUPERSEDED_REASON = "newer writes already won every field of this op";
    /** The table of a sealed op: {@code e<envelope version>_<hash>} (docs/ENCRYPTION.md). */
    private static final Pattern SEALED_TABLE = Pattern.compile("e[1-9][0-9]*_[0-9a-f]+");

    private PushProcessor() {
    }

    /**
     * Runs a push.
     *
     * @param tx the backend's transaction, holding the space's append lock
     * @param userId the caller
     * @param deviceId the pushing device
     * @param ops the encoded ops, in request order
     * @return one result per op and the space's head after the push
     * @throws PushRejectedException if the push is refused as a whole
     */
    public static PushResponse process(PushTransaction tx, UUID userId, UUID deviceId, List<EncodedOp> ops) {
        if (!tx.deviceBelongsTo(deviceId, userId)) {
            throw new PushRejectedException(ErrorCode.UNKNOWN_DEVICE,
                    "device " + deviceId + " is not registered to this account; register it with POST /v1/devices",
                    Map.of());
        }
        if (tx.accountEncrypted(userId)) {
            requireSealed(ops);
        }
        var batch = new Batch(tx, deviceId, ops);
        for (var op : ops) {
            batch.results.add(batch.accept(op));
        }
        batch.write();
        return new PushResponse(batch.results, batch.head);
    }

    /** The state of one push while its ops are checked and merged; written in one go at the end. */
    private static final class Batch {

        final PushTransaction tx;
        final UUID deviceId;
        final Map<UUID, KnownOp> known;
        final @Nullable Hlc storedMax;
        @Nullable Hlc max;
        long head;
        final Map<RowKey, RowState> rows;
        final List<OpResult> results;
        final List<PushTransaction.AppendedOp> appended = new ArrayList<>();
        final List<EncodedOp> superseded = new ArrayList<>();

        Batch(PushTransaction tx, UUID deviceId, List<EncodedOp> ops) {
            this.tx = tx;
            this.deviceId = deviceId;
            this.head = tx.head();
            this.known = new HashMap<>(tx.knownOps(ops.stream().map(o -> o.op().opId()).toList()));
            this.storedMax = tx.deviceMaxHlc(deviceId);
            this.max = storedMax;
            var keys = new LinkedHashSet<RowKey>();
            for (var op : ops) {
                keys.add(new RowKey(op.op().table(), op.op().rowId()));
            }
            this.rows = new HashMap<>(tx.rows(keys));
            this.results = new ArrayList<>(ops.size());
        }

        OpResult accept(EncodedOp encoded) {
            var op = encoded.op();
            var seen = known.get(op.opId());
            if (seen != null) {
                return repeat(seen, encoded);
            }
            var previous = max;
            if (previous != null && op.hlc().compareTo(previous) <= 0) {
                throw regression(storedMax, previous, op.hlc());
            }
            max = op.hlc();
            var row = rows.computeIfAbsent(new RowKey(op.table(), op.rowId()),
                    k -> RowState.empty(k.table(), k.rowId()));
            if (!row.apply(op, encoded.fieldsJson())) {
                superseded.add(encoded);
                known.put(op.opId(), new KnownOp(null, encoded.contentHash()));
                return new OpResult(op.opId(), OpStatus.SUPERSEDED, null, SUPERSEDED_REASON);
            }
            head++;
            appended.add(new PushTransaction.AppendedOp(head, encoded));
            known.put(op.opId(), new KnownOp(head, encoded.contentHash()));
            return new OpResult(op.opId(), OpStatus.APPLIED, head, null);
        }

        void write() {
            if (!appended.isEmpty()) {
                tx.append(appended);
                tx.saveHead(head);
            }
            if (!superseded.isEmpty()) {
                tx.recordSuperseded(superseded);
            }
            // Key order: SQLite inserts into the row_state B-tree far faster in order than at random.
            var dirty = rows.values().stream().filter(RowState::dirty)
                    .sorted(Comparator.comparing(RowState::table).thenComparing(RowState::rowId)).toList();
            if (!dirty.isEmpty()) {
                tx.saveRows(dirty);
            }
            var newMax = max;
            if (newMax != null && !newMax.equals(storedMax)) {
                tx.saveDeviceMaxHlc(deviceId, newMax);
            }
        }
    }

    /**
     * Refuses a push with an op that is not end-to-end encrypted, for an account that has encryption set up: a
     * device that has not heard of the key yet must not leave plaintext on the server. Sealed ops are recognized by
     * their table, a hash with the envelope version as prefix ({@code e1_…}, docs/ENCRYPTION.md); the server checks
     * nothing else of the envelope (it cannot).
     */
    private static void requireSealed(List<EncodedOp> ops) {
        for (int i = 0; i < ops.size(); i++) {
            if (!SEALED_TABLE.matcher(ops.get(i).op().table()).matches()) {
                throw new PushRejectedException(ErrorCode.ENCRYPTION_REQUIRED, "ops[" + i + "] is not end-to-end "
                        + "encrypted, and this account has end-to-end encryption set up (a key blob is stored): "
                        + "unlock the device with the encryption password and push the ops sealed", Map.of());
            }
        }
    }

    private static OpResult repeat(KnownOp seen, EncodedOp encoded) {
        var opId = encoded.op().opId();
        if (!Arrays.equals(seen.contentHash(), encoded.contentHash())) {
            throw new PushRejectedException(ErrorCode.OP_ID_CONFLICT, "op_id " + opId
                    + " was already used for an op with different content; a new change needs a new op_id",
                    Map.of("op_id", opId.toString()));
        }
        var seq = seen.seq();
        return seq == null
                ? new OpResult(opId, OpStatus.SUPERSEDED, null, SUPERSEDED_REASON)
                : new OpResult(opId, OpStatus.DUPLICATE, seq, null);
    }

    private static PushRejectedException regression(@Nullable Hlc storedMax, Hlc max, Hlc offending) {
        // max_hlc is what the device must exceed: the stored maximum, or an earlier op of this same batch.
        var details = new HashMap<String, String>();
        details.put("max_hlc", max.encode());
        String message = storedMax != null && max.equals(storedMax)
                ? "hlc " + offending + " is not greater than this device's latest pushed hlc " + max
                        + "; advance the device clock past max_hlc and retry"
                : "hlc " + offending + " is not greater than the hlc " + max
                        + " of an earlier op in this batch; ops of a device must have strictly increasing hlcs";
        return new PushRejectedException(ErrorCode.HLC_REGRESSION, message, details);
    }
}
