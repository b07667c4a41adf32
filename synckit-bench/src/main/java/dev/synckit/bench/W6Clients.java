package dev.synckit.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * W6's realtime clients, spread over {@link W6ReconnectStorm#jvms()} device host processes that share one HTTP
 * client per process ({@code --shared-http}); client {@code g} is device {@code g % clientsPerJvm} of host
 * {@code g / clientsPerJvm}. Hosts are driven in parallel, one harness thread each.
 */
final class W6Clients implements AutoCloseable {

    private final W6ReconnectStorm w;
    private final RunContext ctx;
    private final List<DeviceHostProcess> hosts = new ArrayList<>();
    private final ExecutorService perHost;

    W6Clients(W6ReconnectStorm w, RunContext ctx, URI server) {
        this.w = w;
        this.ctx = ctx;
        this.perHost = Executors.newFixedThreadPool(w.jvms(), Thread.ofPlatform().name("synckit-bench-w6-host-", 0)
                .daemon().factory());
        for (int h = 0; h < w.jvms(); h++) {
            hosts.add(ctx.startHost("clients-" + h, List.of("--server", server.toString(), "--shared-http")));
        }
    }

    /** Opens every client on its own user's key, syncs it (binding its user's space) and starts it. */
    List<UUID> openAll(List<String> keys) throws Exception {
        var spaces = eachHost((h, host) -> {
            var out = new ArrayList<UUID>();
            for (int j = 0; j < devicesOf(h); j++) {
                ctx.checkNotAborted();
                int g = h * w.clientsPerJvm() + j;
                host.call("open " + j + " " + ctx.dir().resolve("client-" + g + ".db") + " - " + keys.get(g));
                out.add(UUID.fromString(host.call("sync " + j).split(" ")[0]));
                host.call("start " + j);
            }
            return out;
        });
        return spaces.stream().flatMap(List::stream).toList();
    }

    void awaitLive(Duration timeout) throws Exception {
        eachHost((h, host) -> {
            host.awaitLive(timeout, ctx);
            return null;
        });
    }

    /** Tells every host to watch its clients for {@code rows} rows and a subscribed socket. */
    void watch(long rows) throws Exception {
        eachHost((h, host) -> host.call("watch-backlog " + rows));
    }

    /** Tells every host to wait for its clients (answers are collected by {@link #collect}). */
    void startAwait(Duration timeout) {
        hosts.forEach(host -> host.send("await-backlog " + timeout.toMillis()));
    }

    /** Collects the answers of {@link #startAwait}: per client, when it reconnected and held its rows, or -1. */
    BacklogWatch.Times collect(Duration timeout) throws Exception {
        var perHost = eachHost((h, host) -> longs(host.answer(timeout.plusMinutes(1))));
        var reconnected = new ArrayList<Long>();
        var rows = new ArrayList<Long>();
        for (int h = 0; h < perHost.size(); h++) {
            var answer = perHost.get(h);
            int n = devicesOf(h);
            Arrays.stream(answer, 0, n).forEach(reconnected::add);
            Arrays.stream(answer, n, 2 * n).forEach(rows::add);
        }
        return new BacklogWatch.Times(reconnected.stream().mapToLong(Long::longValue).toArray(),
                rows.stream().mapToLong(Long::longValue).toArray());
    }

    /** Returns every client's row count and digest ({@link Todos#digest}). */
    List<String> digests() throws Exception {
        var perHostDigests = eachHost((h, host) -> {
            var out = new ArrayList<String>();
            for (int j = 0; j < devicesOf(h); j++) {
                out.add(host.call("digest " + j));
            }
            return out;
        });
        return perHostDigests.stream().flatMap(List::stream).toList();
    }

    /** HTTP requests, WebSockets opened, messages sent, received, summed over every client. */
    long[] counters() throws Exception {
        var sum = new long[4];
        for (var c : eachHost((h, host) -> longs(host.call("counters")))) {
            Arrays.setAll(sum, i -> sum[i] + c[i]);
        }
        return sum;
    }

    /** The device host processes' ids, for the report. */
    List<Long> pids() {
        return hosts.stream().map(DeviceHostProcess::pid).toList();
    }

    private int devicesOf(int host) {
        return Math.min(w.clientsPerJvm(), w.clients() - host * w.clientsPerJvm());
    }

    @FunctionalInterface
    private interface HostWork<T> {
        T run(int index, DeviceHostProcess host) throws Exception;
    }

    private <T> List<T> eachHost(HostWork<T> work) throws Exception {
        var futures = new ArrayList<Future<T>>();
        for (int h = 0; h < hosts.size(); h++) {
            int index = h;
            futures.add(perHost.submit((Callable<T>) () -> work.run(index, hosts.get(index))));
        }
        var results = new ArrayList<T>();
        for (var f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                futures.forEach(other -> other.cancel(true));
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        return results;
    }

    private static long[] longs(String answer) {
        return Arrays.stream(answer.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    /** Stops the hosts in parallel (each closes its clients), then the harness threads. */
    @Override
    public void close() {
        var stops = hosts.stream().map(host -> perHost.submit(host::stop)).toList();
        for (var stop : stops) {
            try {
                stop.get();
            } catch (ExecutionException e) {
                // stop() kills the process when it does not quit; nothing more to do here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                hosts.forEach(DeviceHostProcess::kill);
                break;
            }
        }
        perHost.shutdownNow();
    }
}
