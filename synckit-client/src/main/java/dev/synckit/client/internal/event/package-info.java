/**
 * Delivery of {@link dev.synckit.client.SyncEvent}s to subscribers over bounded queues that never block the
 * engine. Not exported; not API.
 */
@NullMarked
package dev.synckit.client.internal.event;

import org.jspecify.annotations.NullMarked;
