package dev.synckit.client.internal.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import dev.synckit.client.NetworkException;

/**
 * One server request running on its own virtual thread while the engine's thread goes on with local work: the
 * next pull page is fetched while one is applied, a push batch is on its way while the next one is encoded. The
 * request never touches the database (the engine's connection stays on the engine's thread).
 *
 * <p>{@link #await()} returns the request's result or throws its failure as it was thrown (a
 * {@link dev.synckit.client.SyncKitException} keeps its type); {@link #cancel()} interrupts a request whose result
 * is no longer wanted, which aborts a blocking HTTP exchange.
 *
 * @param <T> the request's result
 */
final class InFlight<T> {

    private final FutureTask<T> task;

    private InFlight(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts {@code request} on a new virtual thread named {@code name}. */
    static <T> InFlight<T> start(String name, Callable<T> request) {
        var task = new FutureTask<>(request);
        Thread.ofVirtual().name(name).start(task);
        return new InFlight<>(task);
    }

    /**
     * Waits for the request.
     *
     * @return its result
     * @throws RuntimeException the request's failure, as it was thrown
     * @throws NetworkException if the wait is interrupted (the interrupt flag is restored and the request cancelled)
     */
    T await() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            var cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a request failed", cause);
        } catch (CancellationException e) {
            throw new NetworkException("the request was cancelled", e);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted while waiting for the server", e);
        }
    }

    /** Cancels the request if it still runs; its result, if any, is dropped. */
    void cancel() {
        task.cancel(true);
    }
}
