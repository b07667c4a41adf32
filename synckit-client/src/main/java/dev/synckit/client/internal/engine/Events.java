package dev.synckit.client.internal.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.synckit.client.AuthException;
import dev.synckit.client.ConflictException;
import dev.synckit.client.CryptoException;
import dev.synckit.client.LocalStoreException;
import dev.synckit.client.NetworkException;
import dev.synckit.client.ResyncRequiredException;
import dev.synckit.client.ServerException;
import dev.synckit.client.SyncEvent;
import dev.synckit.client.SyncKitException;
import dev.synckit.client.internal.event.EventHub;
import dev.synckit.protocol.ErrorCode;

/** Builds the engine's events: failures as structured {@link SyncEvent.SyncFailed}, row changes in chunks. */
final class Events {

    /** The most rows one {@link SyncEvent.RowsChanged} carries (documented on the event). */
    static final int MAX_ROWS_PER_EVENT = 1000;

    private Events() {
    }

    /** Publishes row changes of one table, split into events of at most {@link #MAX_ROWS_PER_EVENT} rows. */
    static void publishRows(EventHub hub, SyncEvent.Source source, String table, List<SyncEvent.RowChange> rows) {
        for (int start = 0; start < rows.size(); start += MAX_ROWS_PER_EVENT) {
            var chunk = rows.subList(start, Math.min(rows.size(), start + MAX_ROWS_PER_EVENT));
            hub.publish(new SyncEvent.RowsChanged(source, table, chunk));
        }
    }

    static SyncEvent.SyncFailed failed(RuntimeException e, Instant at, int retryCount, Optional<Instant> next) {
        Optional<ErrorCode> code = e instanceof SyncKitException s ? s.code() : Optional.empty();
        var message = e instanceof SyncKitException ? String.valueOf(e.getMessage()) : Bookkeeping.describe(e);
        return new SyncEvent.SyncFailed(at, kind(e), code, message, retryable(e), retryCount, next);
    }

    static SyncEvent.ErrorKind kind(RuntimeException e) {
        if (!(e instanceof SyncKitException s)) {
            return SyncEvent.ErrorKind.INTERNAL;
        }
        return switch (s) {
            case AuthException a -> SyncEvent.ErrorKind.AUTH;
            case NetworkException n -> SyncEvent.ErrorKind.NETWORK;
            case ServerException se -> SyncEvent.ErrorKind.SERVER;
            case ConflictException c -> SyncEvent.ErrorKind.CONFLICT;
            case ResyncRequiredException r -> SyncEvent.ErrorKind.RESYNC_REQUIRED;
            case CryptoException c -> SyncEvent.ErrorKind.CRYPTO;
            case LocalStoreException l -> SyncEvent.ErrorKind.LOCAL_STORE;
            case SyncKitException other -> SyncEvent.ErrorKind.INTERNAL;
        };
    }

    /** Whether trying again later can succeed without anyone doing something first. */
    static boolean retryable(RuntimeException e) {
        return switch (kind(e)) {
            case NETWORK, LOCAL_STORE -> true;
            case SERVER -> {
                int status = ((ServerException) e).status();
                yield status == 408 || status == 429 || status >= 500;
            }
            case AUTH, CONFLICT, RESYNC_REQUIRED, CRYPTO, INTERNAL -> false;
        };
    }
}
