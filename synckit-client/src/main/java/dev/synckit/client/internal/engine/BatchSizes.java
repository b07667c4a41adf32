package dev.synckit.client.internal.engine;

/**
 * How many ops one push request carries and one pull request asks for.
 *
 * <p>The configured sizes ({@code SyncEngine.Builder.pushBatchSize/pullPageSize}) serve the steady state: a few
 * local writes, a few remote ones. A backlog (the initial snapshot, a long time offline, a new device's first pull)
 * moves in bulk batches of up to {@value #BULK} ops, the server's default limit for both: every push request and
 * every pulled page costs a round trip, a server transaction and a local transaction whose commit rewrites every
 * B-tree page the batch touched, so fewer, larger batches cut the cost per op several times. A push is bulk from
 * its first batch (a batch holds only what waits, so a few waiting ops still go as they are); a pull switches to
 * bulk after its first page said more follow. Push bodies also stop at {@value #MAX_PUSH_BYTES} bytes, half the
 * server's default body limit, so that wide rows do not make a bulk batch too large.
 *
 * <p>A server configured with lower limits refuses a bulk batch (413 for a push, 400 for a pull limit above its
 * maximum); the engine then sends the configured sizes for the rest of its life. Used under the engine's lock,
 * and by the pull's prefetch thread, hence the volatile flags (a refusal seen late costs one more refused request).
 */
final class BatchSizes {

    /** The bulk batch size: the server's default {@code maxOpsPerPush} and {@code maxPullLimit}. */
    static final int BULK = 5000;
    /** The most bytes one push body carries (at least one op always goes). */
    static final long MAX_PUSH_BYTES = 4L * 1024 * 1024;
    private final int push;
    private final int pull;
    private volatile boolean pushBulkRefused;
    private volatile boolean pullBulkRefused;

    BatchSizes(int push, int pull) {
        this.push = push;
        this.pull = pull;
    }

    /** {@return the ops of the next push request; {@code backlog} when the previous batch came back full} */
    int push(boolean backlog) {
        return backlog && !pushBulkRefused ? Math.max(push, BULK) : push;
    }

    /** {@return the limit of the next pull request; {@code backlog} when the previous page said more follow} */
    int pull(boolean backlog) {
        return backlog && !pullBulkRefused ? Math.max(pull, BULK) : pull;
    }

    /**
     * Records that the server refused a push of {@code size} ops as too large.
     *
     * @return whether the refusal was of a bulk batch (retry with the configured size), not of the configured size
     */
    boolean pushRefused(int size) {
        if (size <= push || pushBulkRefused) {
            return false;
        }
        pushBulkRefused = true;
        return true;
    }

    /**
     * Records that the server refused a pull with limit {@code limit}.
     *
     * @return whether the refused limit was a bulk one (retry with the configured size); also true for a bulk
     *         request that started before an earlier refusal was recorded (a look-ahead download)
     */
    boolean pullRefused(int limit) {
        if (limit <= pull) {
            return false;
        }
        pullBulkRefused = true;
        return true;
    }
}
