package dev.synckit.client;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.synckit.protocol.AccountInfo;
import dev.synckit.protocol.Device;
import dev.synckit.protocol.ErrorCode;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpResult;
import dev.synckit.protocol.OpStatus;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.PushResponse;
import dev.synckit.protocol.SequencedOp;

/**
 * An in-memory stand-in for the server's contract (one user, one space), so engine tests run the whole sync loop
 * without the server module: sequenced log, idempotent op ids, atomic batches, per-device clock regression checks
 * (409 with {@code max_hlc}), paged pulls. Failures can be queued. Safe for concurrent use. Public for the engine's
 * internal tests in other packages.
 */
public final class FakeServer implements SyncKitClient {

    /** The only user. */
    public final UUID userId = UUID.randomUUID();
    /** The user's only space. */
    public final UUID spaceId = UUID.randomUUID();
    private final List<SequencedOp> log = new ArrayList<>();
    private final Map<UUID, Op> byId = new HashMap<>();
    private final Map<UUID, Hlc> maxHlc = new HashMap<>();
    private final Deque<RuntimeException> pushFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> pullFailures = new ArrayDeque<>();
    private boolean loseNextPushAnswer;
    private int pushRequests;
    private int pullRequests;
    private final Deque<Runnable> pullHooks = new ArrayDeque<>();
    private final List<Integer> pushSizes = new ArrayList<>();
    private final List<Integer> pullLimits = new ArrayList<>();
    private final Map<Integer, RuntimeException> pushFailuresByNumber = new HashMap<>();

    @Override
    public synchronized AccountInfo account() {
        return new AccountInfo(userId, "alice", spaceId);
    }

    @Override
    public synchronized Device registerDevice(String hostname, String platform) {
        return new Device(UUID.randomUUID(), hostname, platform, Instant.EPOCH);
    }

    @Override
    public List<Device> listDevices() {
        return List.of();
    }

    @Override
    public synchronized PushResponse push(UUID space, UUID deviceId, List<Op> ops) {
        pushRequests++;
        pushSizes.add(ops.size());
        if (!pushFailures.isEmpty()) {
            throw pushFailures.poll();
        }
        var failure = pushFailuresByNumber.remove(pushRequests);
        if (failure != null) {
            throw failure;
        }
        new PushRequest(deviceId, ops);
        var max = maxHlc.get(deviceId);
        for (var op : ops) {
            var seen = byId.get(op.opId());
            if (seen != null && !seen.equals(op)) {
                throw new ConflictException(ErrorCode.OP_ID_CONFLICT, "op id reused", "req", null);
            }
            if (seen == null) {
                if (max != null && op.hlc().compareTo(max) < 0) {
                    throw new ConflictException(ErrorCode.HLC_REGRESSION, "clock went backwards", "req", max);
                }
                max = op.hlc();
            }
        }
        var results = new ArrayList<OpResult>();
        for (var op : ops) {
            if (byId.containsKey(op.opId())) {
                results.add(new OpResult(op.opId(), OpStatus.DUPLICATE, null, null));
                continue;
            }
            byId.put(op.opId(), op);
            log.add(new SequencedOp(log.size() + 1, op));
            maxHlc.merge(deviceId, op.hlc(), Hlc::max);
            results.add(new OpResult(op.opId(), OpStatus.APPLIED, (long) log.size(), null));
        }
        if (loseNextPushAnswer) {
            loseNextPushAnswer = false;
            throw new NetworkException("connection reset before the answer arrived", null);
        }
        return new PushResponse(results, log.size());
    }

    @Override
    public PullPage pull(UUID space, long after, int limit) {
        Runnable hook;
        synchronized (this) {
            hook = pullHooks.poll();
        }
        if (hook != null) {
            hook.run(); // outside the monitor: the hook may call back into the engine
        }
        return pullPage(after, limit);
    }

    private synchronized PullPage pullPage(long after, int limit) {
        pullRequests++;
        pullLimits.add(limit);
        if (!pullFailures.isEmpty()) {
            throw pullFailures.poll();
        }
        int from = (int) Math.min(after, log.size());
        int to = Math.min(log.size(), from + limit);
        var page = List.copyOf(log.subList(from, to));
        return new PullPage(page, page.isEmpty() ? after : page.getLast().seq(), to < log.size());
    }

    /** {@return every op in the log, in sequence order} */
    public synchronized List<Op> ops() {
        return log.stream().map(SequencedOp::op).toList();
    }

    /** {@return how many push requests arrived} */
    public synchronized int pushRequests() {
        return pushRequests;
    }

    /** {@return how many pull requests arrived; a sync makes none when its push was all the log holds after it} */
    public synchronized int pullRequests() {
        return pullRequests;
    }

    /** {@return the op count of every push request, in arrival order} */
    public synchronized List<Integer> pushSizes() {
        return List.copyOf(pushSizes);
    }

    /** {@return the limit of every pull request, in arrival order} */
    public synchronized List<Integer> pullLimits() {
        return List.copyOf(pullLimits);
    }

    /** Fails the push request with this number (1 is the first this server receives) before it changes anything. */
    public synchronized void failPushNumber(int request, RuntimeException e) {
        pushFailuresByNumber.put(request, e);
    }

    /** Runs {@code hook} at the start of the next pull request, before it is answered. */
    public synchronized void onNextPull(Runnable hook) {
        pullHooks.add(hook);
    }

    /** Fails the next push request (in order, if called several times). */
    public synchronized void failNextPush(RuntimeException e) {
        pushFailures.add(e);
    }

    /** Fails the next pull request (in order, if called several times). */
    public synchronized void failNextPull(RuntimeException e) {
        pullFailures.add(e);
    }

    synchronized void loseNextPushAnswer() {
        loseNextPushAnswer = true;
    }

    synchronized void setMaxHlc(UUID deviceId, Hlc max) {
        maxHlc.put(deviceId, max);
    }
}
