package dev.synckit.client.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.synckit.client.NetworkException;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.internal.realtime.RealtimeSettings;
import dev.synckit.client.internal.realtime.RealtimeTarget;
import dev.synckit.client.internal.realtime.RealtimeWorker;
import dev.synckit.client.internal.realtime.StreamPlan;
import dev.synckit.client.internal.store.SyncState;
import dev.synckit.client.internal.transport.RemotePage;

/**
 * Connects an engine to its {@link RealtimeWorker}: a catch-up is a sync requested from the engine's
 * {@link Scheduler} (so it is serialized and coalesced with every other sync of the file), streamed ops go through
 * the engine's per-file lock and pull apply path ({@link DefaultSyncEngine#applyStreamed}), and the socket's state
 * tunes the scheduler's debounce.
 */
final class RealtimeBridge implements RealtimeTarget {

    private final DefaultSyncEngine engine;
    private final Scheduler scheduler;
    private final RealtimeSettings settings;

    private RealtimeBridge(DefaultSyncEngine engine, Scheduler scheduler, RealtimeSettings settings) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** Starts the realtime worker of a started, configured engine. */
    static RealtimeWorker start(String name, SyncKitClient client, DefaultSyncEngine engine, Scheduler scheduler) {
        var settings = RealtimeSettings.DEFAULTS;
        var worker = new RealtimeWorker(name, client, new RealtimeBridge(engine, scheduler, settings), settings);
        worker.start();
        return worker;
    }

    @Override
    public Position catchUp() throws InterruptedException {
        try {
            scheduler.request().get(settings.catchUpTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new NetworkException("the catch-up sync took longer than " + settings.catchUpTimeout(), e);
        }
        var position = engine.position();
        if (position == null) {
            throw new IllegalStateException("the engine has no device or space after a successful sync");
        }
        return position;
    }

    @Override
    public StreamPlan apply(UUID spaceId, RemotePage ops) {
        return engine.applyStreamed(spaceId, ops);
    }

    @Override
    public void connectionChanged(boolean connected) {
        scheduler.realtimeConnected(connected);
    }

    /** Reads the pull cursor: the highest seq applied locally. */
    static long cursor(Connection c) throws SQLException {
        return Long.parseLong(SyncState.get(c, SyncState.PULL_CURSOR).orElse("0"));
    }
}
