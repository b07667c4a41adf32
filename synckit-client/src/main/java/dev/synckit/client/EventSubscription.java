package dev.synckit.client;

import java.time.Duration;
import java.util.Optional;

/**
 * One subscriber's stream of {@link SyncEvent}s from a {@link SyncEngine}, in the order the engine raised them,
 * over a bounded queue ({@link SyncEngine#subscribe(int)}).
 *
 * <p><b>Never blocks the engine.</b> The engine only ever adds to the queue, without waiting: when the queue is
 * full, everything in it is discarded and replaced by a single {@link SyncEvent.EventsOverflowed}, so a slow or
 * stuck subscriber loses events but never holds up sync or the app's writes. Read the events on a thread of your
 * own, for example:
 * {@snippet :
 * EventSubscription events = engine.subscribe();
 * Thread.ofVirtual().name("sync-events").start(() -> {
 *     try (events) {
 *         while (true) {
 *             ui.handle(events.take());          // returns an event, or throws once closed and drained
 *         }
 *     } catch (InterruptedException e) {
 *         Thread.currentThread().interrupt();    // the app is shutting down
 *     } catch (IllegalStateException closed) {
 *         // the engine was closed
 *     }
 * });
 * }
 *
 * <p><b>Lifecycle.</b> A subscription receives the events raised after {@link SyncEngine#subscribe()} returned,
 * until it is closed by {@link #close()} or by {@link SyncEngine#close()}. Events queued before it was closed can
 * still be read; after that, {@link #poll()} returns empty and {@link #take()} throws.
 *
 * <p><b>Threading.</b> Safe for concurrent use; typically one thread reads and any thread may close.
 *
 * @since 0.1
 */
public interface EventSubscription extends AutoCloseable {

    /**
     * Returns the next event at once, if one is queued.
     *
     * @return the next event, or empty if none is queued
     */
    Optional<SyncEvent> poll();

    /**
     * Returns the next event, waiting up to {@code timeout} for one.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return the next event, or empty if none arrived in time or the subscription is closed and drained
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    Optional<SyncEvent> poll(Duration timeout) throws InterruptedException;

    /**
     * Returns the next event, waiting as long as it takes.
     *
     * @return the next event
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException if the subscription is closed and every event queued before that was read
     */
    SyncEvent take() throws InterruptedException;

    /** {@return the most events the queue holds before it overflows} */
    int capacity();

    /** {@return whether the subscription is closed (events queued before may still be readable)} */
    boolean isClosed();

    /**
     * Stops the delivery of further events and wakes up threads waiting in {@link #take()} or
     * {@link #poll(Duration)} once the queue is drained. Idempotent.
     */
    @Override
    void close();
}
