package dev.synckit.bench;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A benchmark process that hosts devices ({@link HostedDevice}), so that a device's CPU, memory and event delivery
 * are apart from the harness and the other devices. Started by {@link DeviceHostProcess} with
 * {@code --server URI [--poll-ms N] [--debounce-ms N] [--shared-http]}; it then answers one command per line on
 * standard input, in order, with one line on standard output that starts with {@value BenchServerMain#PREFIX} and
 * then {@code OK ...} or {@code ERR <exception>}; logs go to standard error. Devices are numbered from 0 in the order
 * they were opened. The commands, {@code <i>} a device number:
 *
 * <ul>
 *   <li>{@code open <i> <file> <space|-> <api key>}, {@code seed <i> <rows>}, {@code sync <i>} (answers the space and
 *       the row count), {@code start <i>}, {@code live} (answers how many devices are live, of how many);</li>
 *   <li>{@code encrypt-new <i> <password>} sets up end-to-end encryption (the recovery key is dropped),
 *       {@code encrypt-existing <i> <password>} unlocks it; both answer the engine's encryption status;</li>
 *   <li>W2: {@code expect <i> <seed> <updates>} starts recording visibility; {@code write <i> <seed> <updates> <rate>}
 *       runs the schedule and answers the latest start, the longest write and every timestamp;
 *       {@code seen <i> <timeout ms>} answers the rows holding their last title, the rows updated and every
 *       visibility time (-1: unseen);</li>
 *   <li>W5: {@code offline <i>}, {@code writes <i> <n>}, {@code digest <i>}, {@code watch-digest <i> <count> <hex>},
 *       {@code online <i>} (answers the time it went online), {@code await-digest <i> <timeout ms>} (answers when
 *       B's rows matched, how that was noticed, and when B's first remote change arrived);</li>
 *   <li>W6: {@code watch-backlog <rows>}, {@code await-backlog <timeout ms>} (answers per device when it reconnected,
 *       then per device when it held the rows);</li>
 *   <li>{@code first-sync <i>} (when the engine's first sync since its start or {@code online} started and
 *       ended, -1: not yet), {@code counters [<i>]} (HTTP requests, WebSockets opened, messages sent, received: of
 *       one device or of all), {@code quit}.</li>
 * </ul>
 *
 * <p>Times are epoch microseconds of {@link WallClock}. API keys and passwords arrive on standard input, never as
 * arguments, and are never written anywhere.
 */
public final class DeviceHostMain {

    private final HostedDevice.Options options;
    private final @Nullable HttpClient sharedHttp;
    private final List<HostedDevice> devices = new ArrayList<>();
    private @Nullable VisibilityRecorder recorder;
    private @Nullable DigestWatch digestWatch;
    private @Nullable BacklogWatch backlogWatch;

    private DeviceHostMain(HostedDevice.Options options, @Nullable HttpClient sharedHttp) {
        this.options = options;
        this.sharedHttp = sharedHttp;
    }

    /**
     * Runs the host until {@code quit} or the end of standard input.
     *
     * @param args {@code --server URI [--poll-ms N] [--debounce-ms N] [--shared-http]}
     * @throws IOException if standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        var channel = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // standard output is the harness's channel
        URI server = null;
        Duration poll = null;
        Duration debounce = null;
        boolean shared = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = URI.create(args[++i]);
                case "--poll-ms" -> poll = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--debounce-ms" -> debounce = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--shared-http" -> shared = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (server == null) {
            throw new IllegalArgumentException("--server is required");
        }
        var host = new DeviceHostMain(new HostedDevice.Options(server, poll, debounce),
                shared ? CountingHttpClient.loopbackClient() : null);
        try {
            host.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), channel);
        } finally {
            host.closeAll();
        }
        System.exit(0);
    }

    private void serve(BufferedReader in, PrintStream out) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            var words = line.strip().split(" ");
            if (words[0].equals("quit")) {
                out.println(BenchServerMain.PREFIX + "BYE");
                return;
            }
            String answer;
            try {
                answer = "OK " + handle(words);
            } catch (Exception e) {
                // The exception's class and message, never the command (it may carry an API key).
                answer = "ERR " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            out.println(BenchServerMain.PREFIX + answer.replace('\n', ' '));
        }
    }

    private String handle(String[] w) throws Exception {
        return switch (w[0]) {
            case "open" -> open(w);
            case "seed" -> {
                var rows = new Todos.Generator(new java.util.Random()).next(Integer.parseInt(w[2]),
                        System.currentTimeMillis());
                device(w[1]).app(app -> {
                    Todos.insert(app, rows, 1000);
                    return null;
                });
                yield "";
            }
            case "sync" -> {
                var d = device(w[1]);
                d.sync();
                yield d.space().map(UUID::toString).orElse("-") + " " + d.app(Todos::count);
            }
            case "encrypt-new" -> {
                var d = device(w[1]);
                d.engine().setupEncryptionNew(w[2].toCharArray());
                yield d.engine().status().encryption().name();
            }
            case "encrypt-existing" -> {
                var d = device(w[1]);
                d.engine().setupEncryptionExisting(w[2].toCharArray());
                yield d.engine().status().encryption().name();
            }
            case "start" -> {
                device(w[1]).start();
                yield "";
            }
            case "live" -> devices.stream().filter(HostedDevice::live).count() + " " + devices.size();
            case "offline" -> {
                device(w[1]).goOffline();
                yield "";
            }
            case "online" -> {
                long t0 = WallClock.micros();
                device(w[1]).goOnline();
                yield Long.toString(t0);
            }
            case "writes" -> Integer.toString(OfflineWrites.run(device(w[1]), Integer.parseInt(w[2])));
            case "digest" -> device(w[1]).app(Todos::digest);
            case "watch-digest" -> {
                digestWatch = new DigestWatch(device(w[1]), w[2] + " " + w[3]).listen();
                yield "";
            }
            case "await-digest" -> {
                var r = required(digestWatch, "watch-digest").await(Duration.ofMillis(Long.parseLong(w[2])));
                yield r.micros() + " " + (r.byEvent() ? "event" : "poll") + " " + digestWatch.firstEvent();
            }
            case "expect" -> {
                var d = device(w[1]);
                var plan = d.app(app -> UpdatePlan.of(app, Long.parseLong(w[2]), Integer.parseInt(w[3])));
                recorder = new VisibilityRecorder(d, plan).listen();
                yield "";
            }
            case "write" -> write(w);
            case "seen" -> {
                var r = required(recorder, "expect");
                var seen = r.await(Duration.ofMillis(Long.parseLong(w[2])));
                yield r.rowsWithLastTitle() + " " + r.rowsUpdated() + " " + join(seen);
            }
            case "watch-backlog" -> {
                backlogWatch = new BacklogWatch(devices, Long.parseLong(w[1])).listen();
                yield "";
            }
            case "await-backlog" -> {
                var times = required(backlogWatch, "watch-backlog").await(Duration.ofMillis(Long.parseLong(w[1])));
                yield join(times.reconnected()) + " " + join(times.rows());
            }
            case "first-sync" -> join(device(w[1]).firstSync());
            case "counters" -> counters(w.length > 1 ? List.of(device(w[1])) : devices);
            default -> throw new IllegalArgumentException("unknown command " + w[0]);
        };
    }

    private String open(String[] w) throws SQLException {
        int index = Integer.parseInt(w[1]);
        if (index != devices.size()) {
            throw new IllegalArgumentException("devices open in order: expected " + devices.size());
        }
        var space = w[3].equals("-") ? null : UUID.fromString(w[3]);
        devices.add(HostedDevice.open("bench-device-" + index, Path.of(w[2]), w[4], space, options, sharedHttp));
        return "";
    }

    private String write(String[] w) throws Exception {
        var d = device(w[1]);
        var plan = d.app(app -> UpdatePlan.of(app, Long.parseLong(w[2]), Integer.parseInt(w[3])));
        var result = ScheduledUpdates.run(d, plan, Integer.parseInt(w[4]));
        return result.maxLateNanos() + " " + result.maxWriteNanos() + " " + join(result.timestamps());
    }

    private static String counters(List<HostedDevice> of) {
        long requests = 0;
        long opened = 0;
        long sent = 0;
        long received = 0;
        for (var d : of) {
            requests += d.http().requests();
            opened += d.http().webSocketsOpened();
            sent += d.http().webSocketMessagesSent();
            received += d.http().webSocketMessagesReceived();
        }
        return requests + " " + opened + " " + sent + " " + received;
    }

    private HostedDevice device(String index) {
        return devices.get(Integer.parseInt(index));
    }

    private static <T> T required(@Nullable T watch, String command) {
        if (watch == null) {
            throw new IllegalStateException("send " + command + " first");
        }
        return watch;
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    private void closeAll() {
        for (var d : devices) {
            try {
                d.close();
            } catch (SQLException | RuntimeException e) {
                System.err.println("closing a device failed: " + e);
            }
        }
        if (sharedHttp != null) {
            sharedHttp.close();
        }
    }
}
