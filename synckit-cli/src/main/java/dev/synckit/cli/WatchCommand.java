package dev.synckit.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import dev.synckit.client.SyncEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code synckit client watch}: keeps the device live (the background scheduler syncs after local writes — also
 * those made by other processes — and on its interval; the realtime socket applies other devices' changes as soon
 * as they are pushed) and prints every event, one line each, and every change of the realtime connection, until
 * stopped.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Keep this device in sync in the background and print its events until stopped (Ctrl-C).")
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "Stop after this long (ISO-8601, e.g. PT30S); default: run until stopped.")
    Duration limit;

    @Override
    public Integer call() {
        var opts = parent.opts;
        var out = opts.out();
        try (var engine = opts.openConfiguredEngine(); var events = engine.subscribe()) {
            engine.start();
            engine.syncNow();
            out.println("watching " + opts.db + " (device " + engine.deviceId().map(Object::toString).orElse("-")
                    + "); Ctrl-C to stop");
            var end = limit == null ? Instant.MAX : Instant.now().plus(limit);
            boolean realtime = false;
            while (Instant.now().isBefore(end)) {
                var event = events.poll(Duration.ofMillis(200));
                event.ifPresent(e -> out.println(Instant.now() + "  " + describe(e)));
                if (engine.status().realtimeConnected() != realtime) {
                    realtime = !realtime;
                    out.println(Instant.now() + "  realtime " + (realtime ? "connected" : "disconnected, syncing over "
                            + "HTTP until it is back"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("stopped");
        }
        return 0;
    }

    static String describe(SyncEvent event) {
        return switch (event) {
            case SyncEvent.SyncStarted s -> "sync started";
            case SyncEvent.SyncCompleted c -> "sync completed: pushed " + c.report().pushed() + ", pulled "
                    + c.report().pulled() + ", applied " + c.report().applied();
            case SyncEvent.SyncFailed f -> "sync failed (" + f.kind() + "): " + f.message()
                    + f.nextAttempt().map(t -> "; next attempt " + t).orElse("");
            case SyncEvent.RowsChanged r -> "rows changed (" + r.source().name().toLowerCase() + ") " + r.table()
                    + " " + r.rowIds() + " " + r.columns();
            case SyncEvent.AuthExpired a -> "the server refused the API key (HTTP " + a.status() + "): " + a.message();
            case SyncEvent.EventsOverflowed o -> "missed " + o.dropped() + " events";
        };
    }
}
