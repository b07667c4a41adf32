package dev.synckit.client.internal.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.synckit.client.AuthException;
import dev.synckit.client.SyncStatus;
import dev.synckit.client.internal.store.Changelog;
import dev.synckit.client.internal.store.Sql;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.protocol.Identifiers;

/**
 * The status and scheduling facts kept in {@code sync_state}: the outcome of the last syncs
 * ({@code last_success_at}, {@code last_failure_at}, {@code last_error}), the retry schedule ({@code retry_count},
 * {@code next_attempt_at}), a refusal of the credentials ({@code auth_failed_at}), and the app's settings; plus
 * the device labels sent at registration. A recorded error is the exception's type and message, shortened;
 * SyncKit's messages never carry payloads.
 *
 * <p>The retry schedule is written in the same transaction as the outcome it follows from, so that a crash never
 * leaves one without the other, and it is read back from the database by the scheduler: a restart keeps it.
 */
final class Bookkeeping {

    private static final int MAX_ERROR_LENGTH = 300;
    private static final long MAX_INTERVAL_MINUTES = Duration.ofDays(366).toMinutes();
    private static final List<String> SETTINGS_KEYS = List.of(SyncState.AUTO_SYNC_ENABLED,
            SyncState.SYNC_INTERVAL_MINUTES, SyncState.LAST_SUCCESS_AT, SyncState.RETRY_COUNT,
            SyncState.NEXT_ATTEMPT_AT, SyncState.AUTH_FAILED_AT);

    private Bookkeeping() {
    }

    /**
     * Reads the status.
     *
     * @param planner when the background worker will sync next, given the settings just read
     * @param realtimeConnected whether the realtime socket is up
     * @param keyLoaded whether the engine holds the account's master key
     */
    static SyncStatus status(Connection c, boolean configured, @Nullable UUID deviceId, @Nullable UUID spaceId,
                             Function<Settings, Optional<Instant>> planner, boolean realtimeConnected,
                             boolean keyLoaded) throws SQLException {
        var settings = settings(c);
        return new SyncStatus(configured, Optional.ofNullable(deviceId), Optional.ofNullable(spaceId),
                Changelog.pendingCount(c),
                Optional.ofNullable(settings.lastSuccess()),
                SyncState.get(c, SyncState.LAST_FAILURE_AT).map(Bookkeeping::instant),
                SyncState.get(c, SyncState.LAST_ERROR),
                configured && !settings.authRejected(),
                settings.retryCount(),
                configured ? planner.apply(settings) : Optional.empty(),
                configured && realtimeConnected,
                !EngineEncryption.enabledIn(c) ? SyncStatus.Encryption.OFF
                        : keyLoaded ? SyncStatus.Encryption.UNLOCKED : SyncStatus.Encryption.LOCKED);
    }

    /** Reads the background worker's settings; values the app wrote that do not parse count as unset. */
    static Settings settings(Connection c) throws SQLException {
        var values = new HashMap<String, String>();
        try (var ps = c.prepareStatement("SELECT key, value FROM sync_state WHERE key IN ("
                + Sql.placeholders(SETTINGS_KEYS.size()) + ")")) {
            for (int i = 0; i < SETTINGS_KEYS.size(); i++) {
                ps.setString(i + 1, SETTINGS_KEYS.get(i));
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        var defaults = Settings.DEFAULTS;
        var auto = values.getOrDefault(SyncState.AUTO_SYNC_ENABLED, "1").strip();
        long minutes = number(values, SyncState.SYNC_INTERVAL_MINUTES, defaults.interval().toMinutes());
        return new Settings(!auto.equals("0") && !auto.equalsIgnoreCase("false"),
                Duration.ofMinutes(Math.clamp(minutes, 1, MAX_INTERVAL_MINUTES)),
                instantOrNull(values, SyncState.LAST_SUCCESS_AT),
                Math.clamp(number(values, SyncState.RETRY_COUNT, 0), 0, Integer.MAX_VALUE),
                instantOrNull(values, SyncState.NEXT_ATTEMPT_AT),
                values.containsKey(SyncState.AUTH_FAILED_AT));
    }

    /** Records a success: the retry schedule and a refusal of the credentials are over. */
    static void recordSuccess(Connection c, long nowMillis) throws SQLException {
        SyncState.put(c, SyncState.LAST_SUCCESS_AT, Long.toString(nowMillis));
        SyncState.remove(c, SyncState.RETRY_COUNT);
        SyncState.remove(c, SyncState.NEXT_ATTEMPT_AT);
        SyncState.remove(c, SyncState.AUTH_FAILED_AT);
    }

    /**
     * Records a failure and plans the retry: after the n-th consecutive failure, {@link Backoff#delay(int)} later;
     * after a refusal of the credentials, no retry (retrying with the same credentials cannot help).
     *
     * @return the settings after the failure
     */
    static Settings recordFailure(Connection c, long nowMillis, Throwable failure) throws SQLException {
        int failures = settings(c).retryCount() + 1;
        SyncState.put(c, SyncState.LAST_FAILURE_AT, Long.toString(nowMillis));
        SyncState.put(c, SyncState.LAST_ERROR, describe(failure));
        SyncState.put(c, SyncState.RETRY_COUNT, Integer.toString(failures));
        if (failure instanceof AuthException) {
            SyncState.put(c, SyncState.AUTH_FAILED_AT, Long.toString(nowMillis));
            SyncState.remove(c, SyncState.NEXT_ATTEMPT_AT);
        } else {
            var next = Backoff.nextAttempt(failures, Instant.ofEpochMilli(nowMillis));
            SyncState.put(c, SyncState.NEXT_ATTEMPT_AT, Long.toString(next.toEpochMilli()));
        }
        return settings(c);
    }

    /**
     * Forgets the session with the server ({@code SyncEngine.disconnect()}): the device id, the retry schedule and
     * a refusal of the credentials. Keeps the pull cursor, the space binding and the changelog.
     */
    static void forgetSession(Connection c) throws SQLException {
        SyncState.remove(c, SyncState.DEVICE_ID);
        SyncState.remove(c, SyncState.RETRY_COUNT);
        SyncState.remove(c, SyncState.NEXT_ATTEMPT_AT);
        SyncState.remove(c, SyncState.AUTH_FAILED_AT);
    }

    /** A failure as "Type: message", shortened; for the status and for events. */
    static String describe(Throwable failure) {
        var text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH - 1) + "…" : text;
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

    private static long number(Map<String, String> values, String key, long fallback) {
        var text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return fallback; // the app wrote something else; the default is the safe reading
        }
    }

    private static @Nullable Instant instantOrNull(Map<String, String> values, String key) {
        return values.containsKey(key) ? Instant.ofEpochMilli(number(values, key, 0)) : null;
    }

    private static Instant instant(String epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong(epochMillis));
    }
}
