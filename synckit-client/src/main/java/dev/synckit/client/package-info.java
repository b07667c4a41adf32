/**
 * SyncKit for Java: offline-first sync for applications that keep their data in SQLite.
 *
 * <p>The pieces, and how they fit:
 * <ul>
 *   <li>{@link dev.synckit.client.SyncSchema} and {@link dev.synckit.client.TableSpec} declare what syncs: which
 *       tables, which columns of each (a whitelist: every other column, such as a password, never leaves the
 *       device), and which tables reference which (so remote changes apply parents first).</li>
 *   <li>{@link dev.synckit.client.SyncKitClient} is the connection to a SyncKit server: account, devices, and the
 *       push and pull of ops. One client can serve several engines.</li>
 *   <li>{@link dev.synckit.client.SyncEngine} works on the app's own SQLite file. It installs capture triggers and
 *       its bookkeeping tables, records every local write in a changelog, and on {@code sync()} pushes the
 *       changelog and applies everyone else's changes with field-level last-writer-wins merging: two devices that
 *       edit different columns of the same row both keep their edits, and edits of the same column resolve the
 *       same way everywhere, by hybrid logical clock.</li>
 *   <li>{@link dev.synckit.client.SyncEngine#start()} starts the engine's background worker: it syncs every
 *       {@code sync_interval_minutes}, shortly after local writes, and on
 *       {@link dev.synckit.client.SyncEngine#syncNow()}, and retries failures with a backoff that survives
 *       restarts.</li>
 *   <li>{@link dev.synckit.client.SyncEvent}s (sync started, completed or failed, rows changed locally or remotely,
 *       credentials refused) reach the UI through an {@link dev.synckit.client.EventSubscription}: a bounded queue
 *       per subscriber that never blocks sync or the app's writes.</li>
 *   <li>{@link dev.synckit.client.SyncReport} and {@link dev.synckit.client.SyncStatus} report what happened, and
 *       {@link dev.synckit.client.SyncKitException} and its subtypes what went wrong.</li>
 * </ul>
 *
 * <p>The app keeps reading and writing its tables with plain SQL through its own connections, online or
 * offline. Sync is a background activity:
 * {@snippet :
 * SyncSchema schema = SyncSchema.builder()
 *         .version(1)
 *         .table(TableSpec.builder("projects").primaryKey("id").columns("name").build())
 *         .table(TableSpec.builder("tasks").primaryKey("id")
 *                 .columns("title", "done", "project_id")    // not "secret_note": it stays on this device
 *                 .parent("projects")
 *                 .build())
 *         .build();
 *
 * try (SyncKitClient client = SyncKitClient.builder()
 *              .serverUrl(URI.create("https://sync.example.com"))
 *              .apiKey(apiKey)
 *              .build();
 *      SyncEngine engine = SyncEngine.builder()
 *              .database(Path.of("app.db"))
 *              .schema(schema)
 *              .client(client)
 *              .build()) {
 *     SyncReport report = engine.sync();                   // on a background thread
 *     System.out.println(report.pushed() + " pushed, " + report.applied() + " applied");
 *     System.out.println(engine.status().pendingChanges() + " changes wait for the next sync");
 * }
 * }
 *
 * <p>Or let the engine sync in the background and follow it through events:
 * {@snippet :
 * engine.start();
 * EventSubscription events = engine.subscribe();
 * Thread.ofVirtual().start(() -> {
 *     try (events) {
 *         while (true) {
 *             if (events.take() instanceof SyncEvent.RowsChanged changed) {
 *                 ui.refresh(changed.table(), changed.rowIds());
 *             }
 *         }
 *     } catch (InterruptedException | IllegalStateException stopped) {
 *         // the app or the engine shut down
 *     }
 * });
 * engine.syncNow();                                        // the "Sync now" button; returns at once
 * }
 *
 * <p>Every type in this package is null-hostile unless a parameter or return type says otherwise
 * ({@code Optional} for values that may be absent).
 *
 * @since 0.1
 */
@NullMarked
package dev.synckit.client;

import org.jspecify.annotations.NullMarked;
