package dev.synckit.client.internal.transport;

import java.util.ArrayList;
import java.util.UUID;

import dev.synckit.client.CryptoException;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.client.internal.crypto.ValueReader;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.PushResponse;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The {@link BulkTransport} of an end-to-end encrypted space: every op is sealed right before it is pushed and
 * opened right after it is pulled ({@link OpSealer}, the envelope of {@code docs/ENCRYPTION.md}).
 *
 * <p>The engine writes a push body with {@link #bodyWriter}, which seals each op as it is written (the engine does it
 * while the previous batch is in flight); a body written as captured is parsed, sealed and encoded again, streamed
 * ({@link SealedBodies}), by {@link #prepare} or {@link #pushBody}, to the same bytes. Sealing is deterministic, so a
 * retried push is byte-identical (the server's {@code op_id} idempotency needs that). A row that does not
 * {@linkplain OpSealer#fits fit} fails the batch: nothing of it is sent. A pulled page is decoded as any other
 * ({@link PageDecoder}, streamed, for the HTTP client) and every op opened in place, its values read in the decoder's
 * form; one op that fails to open fails the whole page with {@link CryptoException}, before anything of it is
 * applied.
 *
 * <p>The space passed in must be the space's real id (the key derivation uses it), never an alias. Safe for
 * concurrent use, like the sealer and the transport it wraps.
 */
public final class SealingTransport implements BulkTransport {

    /** Opened values in the form a plain page's decoder gives them ({@link PageDecoder#value}), for the apply. */
    static final ValueReader<@Nullable Object> BIND_VALUES = new ValueReader<>() {
        @Override
        public @Nullable Object read(JsonParser parser, JsonToken first) {
            return PageDecoder.value(parser, first);
        }

        @Override
        public boolean readsScalars() {
            return true;
        }

        @Override
        public Object string(String value) {
            return value;
        }

        @Override
        public Object integer(long value) {
            return value;
        }

        @Override
        public Object bool(boolean value) {
            return value ? 1 : 0;
        }

        @Override
        public @Nullable Object absent() {
            return null;
        }
    };

    private final BulkTransport inner;
    private final OpSealer sealer;

    private SealingTransport(BulkTransport inner, OpSealer sealer) {
        this.inner = inner;
        this.sealer = sealer;
    }

    /**
     * Returns the sealing transport over another transport, which carries the sealed bodies and pages.
     *
     * @param inner the transport that sends and receives
     * @param sealer the sealer with the account's master key; the caller keeps ownership
     * @return the transport
     */
    public static BulkTransport over(BulkTransport inner, OpSealer sealer) {
        return new SealingTransport(inner, sealer);
    }

    /**
     * Starts a body whose ops are sealed as they are written.
     *
     * <p>{@link PushBodyWriter#add} then throws {@link CryptoException} with
     * {@link CryptoException.Reason#ROW_ID_TOO_LONG} for a row that does not fit, and nothing of the op is written.
     */
    @Override
    public PushBodyWriter bodyWriter(UUID spaceId, UUID deviceId, int schemaVersion) {
        return PushBodyWriter.sealing(deviceId, schemaVersion, op -> {
            requireFits(op);
            return sealer.seal(spaceId, op);
        });
    }

    /**
     * Seals a body written as captured; a sealed body is returned as it is. Every op is checked to fit before any is
     * sealed.
     *
     * @throws CryptoException with {@link CryptoException.Reason#ROW_ID_TOO_LONG} if a row does not fit
     */
    @Override
    public PushBody prepare(UUID spaceId, PushBody body) {
        if (body.sealed()) {
            return body;
        }
        var json = SealedBodies.map(body.json(), SealingTransport::requireFits, op -> sealer.seal(spaceId, op));
        return new PushBody(json, body.opIds(), true);
    }

    @Override
    public PushResponse pushBody(UUID spaceId, PushBody body) {
        return inner.pushBody(spaceId, prepare(spaceId, body));
    }

    @Override
    public RemotePage pullPage(UUID spaceId, long after, int limit) {
        return openPage(spaceId, downloadPage(spaceId, after, limit));
    }

    @Override
    public boolean opensPages() {
        return true;
    }

    @Override
    public RemotePage downloadPage(UUID spaceId, long after, int limit) {
        return inner.pullPage(spaceId, after, limit);
    }

    @Override
    public RemotePage openPage(UUID spaceId, RemotePage page) {
        return openPage(sealer, spaceId, page);
    }

    /**
     * Opens every op of a decoded page or realtime frame, in place: its values are read in the decoder's form.
     *
     * @param sealer the sealer with the account's master key
     * @param spaceId the space's real id
     * @param page the sealed ops
     * @return the page with the plaintext ops, in the same order and with the same seqs, cursor and clocks
     * @throws CryptoException if any op fails to open; then nothing is returned
     */
    public static RemotePage openPage(OpSealer sealer, UUID spaceId, RemotePage page) {
        var opened = new ArrayList<RemoteOp>(page.ops().size());
        var columns = new SharedNames();
        for (var op : page.ops()) {
            var plain = sealer.open(spaceId, "op at " + op.seq(), op.table(), op.rowId(), op.hlc(), op.deviceId(),
                    op.columns(), op.values(), BIND_VALUES);
            opened.add(new RemoteOp(op.seq(), plain.table(), plain.rowId(), op.delete(), columns.of(plain.columns()),
                    plain.values().toArray(), op.hlc(), op.deviceId(), op.clockKey()));
        }
        return new RemotePage(opened, page.nextCursor(), page.hasMore(), page.maxHlc());
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
