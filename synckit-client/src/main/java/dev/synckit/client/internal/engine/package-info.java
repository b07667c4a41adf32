/**
 * Orchestration of one engine: registration, snapshot, push, pull, cleanup, status, one sync at a
 * time per file; the background worker (scheduler, backoff, change watcher) and the events it raises.
 * Not exported; not API.
 */
@NullMarked
package dev.synckit.client.internal.engine;

import org.jspecify.annotations.NullMarked;
