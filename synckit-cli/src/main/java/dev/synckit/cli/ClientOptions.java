package dev.synckit.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

import dev.synckit.client.SecretStore;
import dev.synckit.client.SyncEngine;
import dev.synckit.client.SyncKitClient;
import dev.synckit.client.SyncStatus;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Where the demo client's database is and which server and key it syncs with. */
final class ClientOptions {

    @Option(names = "--db", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCKIT_DB:-todos.db}",
            description = "The app's SQLite file (env SYNCKIT_DB, default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--server", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCKIT_SERVER:-http://127.0.0.1:8787}",
            description = "Server URL (env SYNCKIT_SERVER, default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCKIT_API_KEY}",
            description = "API key (env SYNCKIT_API_KEY; prefer the variable: arguments show up in ps).")
    String apiKey;

    @Option(names = "--secrets-dir", scope = ScopeType.INHERIT, defaultValue = "${env:SYNCKIT_SECRETS_DIR}",
            paramLabel = "DIR", description = "Keep the encryption key in files in DIR (env SYNCKIT_SECRETS_DIR; "
                    + "default: the OS keychain, or a file store in the user's data directory).")
    Path secretsDir;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * Where the command prints its results: the output stream of the command line that runs it (stdout unless a
     * test sets another).
     */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * Opens the sync engine on the demo database; with a key it can sync, without one it only captures. If the
     * database syncs encrypted, the master key is loaded from the secret store kept by an earlier
     * {@code encryption new|unlock|reset}.
     */
    SyncEngine openEngine() {
        var builder = SyncEngine.builder().database(db).schema(TodoApp.SCHEMA)
                .hostname(hostname()).platform(System.getProperty("os.name", "unknown").toLowerCase());
        if (apiKey != null && !apiKey.isBlank()) {
            builder.client(SyncKitClient.builder().serverUrl(server).apiKey(apiKey).build());
        }
        if (secretsDir != null) {
            builder.secretStore(SecretStore.inDirectory(secretsDir));
        }
        var engine = builder.build();
        try {
            if (engine.status().encryption() == SyncStatus.Encryption.LOCKED) {
                engine.tryLoadKeyFromKeychain();
            }
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    SyncEngine openConfiguredEngine() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("no API key: pass --api-key or set SYNCKIT_API_KEY"
                    + " (create one with: bin/synckit admin create-api-key USER)");
        }
        return openEngine();
    }

    TodoApp openApp() throws Exception {
        var app = new TodoApp(db);
        if (!app.tableExists()) {
            app.close();
            throw new IllegalArgumentException("no todos table in " + db + ": run `synckit client init` first");
        }
        return app;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
