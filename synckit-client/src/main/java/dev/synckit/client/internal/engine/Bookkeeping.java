package dev.synckit.client.internal.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.SyncStatus;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.protocol.Identifiers;

/**
 * The status facts kept in {@code sync_state} ({@code last_success_at}, {@code last_failure_at}, {@code last_error})
 * and the device labels sent at registration. A recorded error is the exception's type and message, shortened;
 * SyncKit's messages never carry payloads.
 */
final class Bookkeeping {

    private static final int MAX_ERROR_LENGTH = 300;

    private Bookkeeping() {
    }

    static SyncStatus status(Connection c, boolean configured, @Nullable UUID deviceId, @Nullable UUID spaceId)
            throws SQLException {
        return new SyncStatus(configured, Optional.ofNullable(deviceId), Optional.ofNullable(spaceId),
                Changelog.pendingCount(c),
                SyncState.get(c, SyncState.LAST_SUCCESS_AT).map(Bookkeeping::instant),
                SyncState.get(c, SyncState.LAST_FAILURE_AT).map(Bookkeeping::instant),
                SyncState.get(c, SyncState.LAST_ERROR));
    }

    static void recordSuccess(Connection c, long nowMillis) throws SQLException {
        SyncState.put(c, SyncState.LAST_SUCCESS_AT, Long.toString(nowMillis));
    }

    static void recordFailure(Connection c, long nowMillis, Throwable failure) throws SQLException {
        SyncState.put(c, SyncState.LAST_FAILURE_AT, Long.toString(nowMillis));
        var text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        SyncState.put(c, SyncState.LAST_ERROR,
                text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH - 1) + "…" : text);
    }

    /** The machine's name as a registration label; asked only at registration, since it may query DNS. */
    static String localHostname() {
        try {
            return label(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return "unknown"; // a device label is cosmetic; registration must not fail for it
        }
    }

    /** Makes text a valid registration label: no control characters, 1 to 200 characters. */
    static String label(String text) {
        var clean = text.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.length() > Identifiers.MAX_LABEL_LENGTH) {
            clean = clean.substring(0, Identifiers.MAX_LABEL_LENGTH);
        }
        return clean.isEmpty() ? "unknown" : clean;
    }

    private static Instant instant(String epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong(epochMillis));
    }
}
