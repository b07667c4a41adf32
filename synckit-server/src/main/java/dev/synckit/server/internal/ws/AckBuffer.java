package dev.synckit.server.internal.ws;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.synckit.server.internal.store.DeviceCursor;

/**
 * The acknowledged device cursors of realtime clients, kept in memory and written to the store in batches
 * (seeds/003: "in-memory latest per device, flush every 5 s or on disconnect"), so that a client acking every frame
 * costs no write per frame.
 *
 * <p>Only the highest seq per (space, device) is kept: an ack never moves a cursor back, here or in the store. A
 * flush takes the pending cursors out, writes them in one store call, and puts them back (keeping the higher seq)
 * if the write fails, so a store outage delays cursors but loses none. Compaction, once it exists, must take the
 * larger of these pending values and the stored ones. Safe for concurrent use.
 */
final class AckBuffer {

    /** A (space, device) pair. */
    record Key(UUID spaceId, UUID deviceId) {
    }

    private record Pending(long seq, Instant at) {
    }

    private static final Logger log = LoggerFactory.getLogger(AckBuffer.class);

    private final Consumer<Collection<DeviceCursor>> writer;
    private final Clock clock;
    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

    /**
     * Creates an empty buffer.
     *
     * @param writer writes cursors to the store in one transaction; throws on failure
     * @param clock the time recorded with an ack
     */
    AckBuffer(Consumer<Collection<DeviceCursor>> writer, Clock clock) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records an ack; the higher of it and a pending one wins. */
    void ack(UUID spaceId, UUID deviceId, long seq) {
        var now = clock.instant();
        pending.merge(new Key(spaceId, deviceId), new Pending(seq, now), AckBuffer::higher);
    }

    /** Returns the pending (not yet written) seq of a device, or -1. */
    long pendingSeq(UUID spaceId, UUID deviceId) {
        var p = pending.get(new Key(spaceId, deviceId));
        return p == null ? -1 : p.seq();
    }

    /** Writes every pending cursor. */
    void flush() {
        flush(List.copyOf(pending.keySet()));
    }

    /**
     * Writes the pending cursors of some (space, device) pairs, for example those of a connection that closed.
     *
     * @param keys the pairs; pairs without a pending cursor are skipped
     */
    void flush(Collection<Key> keys) {
        var taken = new ArrayList<DeviceCursor>();
        for (var key : keys) {
            var p = pending.remove(key);
            if (p != null) {
                taken.add(new DeviceCursor(key.spaceId(), key.deviceId(), p.seq(), p.at()));
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            writer.accept(taken);
        } catch (RuntimeException e) {
            // Kept for the next flush: acks are hints for compaction, losing none matters more than writing now.
            log.warn("Could not write {} acknowledged device cursors; keeping them for the next flush: {}",
                    taken.size(), e.getMessage());
            for (var c : taken) {
                pending.merge(new Key(c.spaceId(), c.deviceId()), new Pending(c.seq(), c.ackedAt()),
                        AckBuffer::higher);
            }
        }
    }

    private static Pending higher(Pending a, Pending b) {
        return new Pending(Math.max(a.seq(), b.seq()), a.at().isAfter(b.at()) ? a.at() : b.at());
    }
}
