package dev.synckit.bench;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.UUID;

import dev.synckit.server.ServerConfig;
import dev.synckit.server.SyncServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's server process: starts a {@link SyncServer} on {@code 127.0.0.1}, port 0 (or {@code --port N}, to
 * restart a server on the port its clients know), with the store given
 * by {@code --data-dir DIR} (embedded SQLite) or the environment variable {@value #DATABASE_URL_ENV} (PostgreSQL),
 * and prints {@code READY <base URI>} on standard output. It then answers the harness's commands on standard input,
 * one line each, until {@code quit} or the end of input (so it never outlives a harness that died). Every line it
 * writes for the harness starts with {@value #PREFIX}, so that what the JVM itself prints on standard output (a JFR
 * recording's start message, for example) is told apart:
 *
 * <ul>
 *   <li>{@code count <space> <table>}: {@code OK <n>}, the rows of the server's materialized view;</li>
 *   <li>{@code view <space> <table>}: {@code ROWS <n>} followed by {@code n} lines, one JSON object
 *       {@code {"id": ..., "fields": {...}}} per row of the materialized view, in row id order;</li>
 *   <li>{@code quit}: {@code BYE}, then the server stops and the process exits.</li>
 * </ul>
 *
 * <p>Failures are answered with {@code ERR <message>}. Logs go to standard error, never to standard output.
 */
public final class BenchServerMain {

    /** The environment variable with the PostgreSQL URL; without it the store is the embedded SQLite one. */
    public static final String DATABASE_URL_ENV = "SYNCKIT_DATABASE_URL";

    /** The start of every line meant for the harness. */
    public static final String PREFIX = "@bench ";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BenchServerMain() {
    }

    /**
     * Runs the server until {@code quit} or the end of standard input.
     *
     * @param args {@code [--data-dir DIR] [--port N]}
     * @throws IOException if standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        // Standard output is the harness's channel: keep every log line (whatever the logging setup) off it.
        var channel = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Path dataDir = null;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if ("--data-dir".equals(args[i]) && i + 1 < args.length) {
                dataDir = Path.of(args[++i]);
            } else if ("--port".equals(args[i]) && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: BenchServerMain [--data-dir DIR] [--port N]  (PostgreSQL: set "
                        + DATABASE_URL_ENV + ")");
                System.exit(64);
            }
        }
        var builder = ServerConfig.builder().host("127.0.0.1").port(port).databaseUrl(System.getenv(DATABASE_URL_ENV));
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        try (var server = SyncServer.start(builder.build())) {
            channel.println(PREFIX + "READY " + server.baseUri());
            serve(server, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), channel);
        }
        System.exit(0);
    }

    private static void serve(SyncServer server, BufferedReader in, PrintStream out) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            var words = line.strip().split(" ");
            try {
                switch (words[0]) {
                    case "quit" -> {
                        out.println(PREFIX + "BYE");
                        return;
                    }
                    case "count" -> out.println(PREFIX + "OK "
                            + server.materializedRows(UUID.fromString(words[1]), words[2]).size());
                    case "view" -> view(server, UUID.fromString(words[1]), words[2], out);
                    default -> out.println(PREFIX + "ERR unknown command");
                }
            } catch (RuntimeException e) {
                out.println(PREFIX + "ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static void view(SyncServer server, UUID space, String table, PrintStream out) {
        var rows = server.materializedRows(space, table);
        var sb = new StringBuilder(rows.size() * 160).append(PREFIX).append("ROWS ").append(rows.size()).append('\n');
        rows.forEach((id, fields) -> {
            var row = new LinkedHashMap<String, Object>();
            row.put("id", id);
            row.put("fields", fields);
            sb.append(PREFIX).append(JSON.writeValueAsString(row)).append('\n');
        });
        out.print(sb);
        out.flush();
    }
}
