package dev.synckit.client.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.synckit.client.CryptoException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.SequencedOp;

/**
 * The {@link BulkTransport} of an end-to-end encrypted space: every op is sealed right before it is pushed and
 * opened right after it is pulled ({@link OpSealer}, envelope v1 of {@code docs/ENCRYPTION.md}).
 *
 * <p>A push body written by {@link PushBodyWriter} is parsed into its records, each op sealed, and the request
 * encoded again; sealing is deterministic, so a retried push is byte-identical (the server's {@code op_id}
 * idempotency needs that). Every op of a batch is checked to {@linkplain OpSealer#fits fit} before any is sealed,
 * so a batch is refused whole and nothing of it is sent. A pulled page is read through the client's records, every
 * op opened, and the plaintext page decoded by {@link PageDecoder} as any other; one op that fails to open fails
 * the whole page with {@link CryptoException}, before anything of it is applied.
 *
 * <p>The space passed in must be the space's real id (the key derivation uses it), never an alias. Safe for
 * concurrent use, like the sealer and the client it wraps.
 */
public final class SealingTransport implements BulkTransport {

    private final SyncKitClient client;
    private final BulkTransport inner;
    private final OpSealer sealer;

    private SealingTransport(SyncKitClient client, BulkTransport inner, OpSealer sealer) {
        this.client = client;
        this.inner = inner;
        this.sealer = sealer;
    }

    /**
     * Returns the sealing transport over a client.
     *
     * @param client the client
     * @param sealer the sealer with the account's master key; the caller keeps ownership
     * @return the transport
     */
    public static BulkTransport of(SyncKitClient client, OpSealer sealer) {
        return new SealingTransport(client, BulkTransport.of(client), sealer);
    }

    @Override
    public PushResponse pushBody(UUID spaceId, PushBody body) {
        var request = ProtocolJson.mapper().readValue(body.json(), PushRequest.class);
        request.ops().forEach(SealingTransport::requireFits);
        var sealed = new ArrayList<Op>(request.ops().size());
        for (var op : request.ops()) {
            sealed.add(sealer.seal(spaceId, op));
        }
        var json = ProtocolJson.mapper().writeValueAsBytes(new PushRequest(request.deviceId(), sealed));
        return inner.pushBody(spaceId, new PushBody(json, body.opIds()));
    }

    @Override
    public RemotePage pullPage(UUID spaceId, long after, int limit) {
        var page = client.pull(spaceId, after, limit);
        var opened = new PullPage(open(sealer, spaceId, page.ops()), page.nextCursor(), page.hasMore());
        return PageDecoder.decode(ProtocolJson.mapper().writeValueAsBytes(opened));
    }

    /**
     * Opens every op of a page or a realtime frame.
     *
     * @return the plaintext ops, in the same order and with the same sequence numbers
     * @throws CryptoException if any op fails to open; then nothing is returned
     */
    public static List<SequencedOp> open(OpSealer sealer, UUID spaceId, List<SequencedOp> ops) {
        var opened = new ArrayList<SequencedOp>(ops.size());
        for (var op : ops) {
            opened.add(new SequencedOp(op.seq(), sealer.open(spaceId, op.op())));
        }
        return opened;
    }

    /**
     * Refuses an op whose table name and row id do not fit a sealed row id.
     *
     * @throws CryptoException with {@link CryptoException.Reason#ROW_ID_TOO_LONG}
     */
    static void requireFits(Op op) {
        if (!OpSealer.fits(op.table(), op.rowId())) {
            throw tooLong();
        }
    }

    /**
     * The failure for a row that is too long to seal. Names neither the table nor the row: failures end up in
     * status, events and logs, where names of an encrypted space do not belong.
     */
    public static CryptoException tooLong() {
        return new CryptoException(CryptoException.Reason.ROW_ID_TOO_LONG, "a pending change has a row id too long "
                + "for an encrypted space: table name and row id may have at most "
                + OpSealer.MAX_TABLE_AND_ROW_ID_BYTES + " bytes of UTF-8 together; nothing was pushed", null);
    }
}
