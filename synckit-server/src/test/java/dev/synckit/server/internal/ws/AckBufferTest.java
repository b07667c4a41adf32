package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.synckit.server.internal.store.DeviceCursor;

class AckBufferTest {

    static final UUID SPACE = UUID.randomUUID();
    static final UUID PHONE = UUID.randomUUID();
    static final UUID LAPTOP = UUID.randomUUID();
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    final List<List<DeviceCursor>> writes = new ArrayList<>();
    boolean failing;
    final AckBuffer acks = new AckBuffer(this::write, Clock.fixed(NOW, ZoneOffset.UTC));

    void write(Collection<DeviceCursor> cursors) {
        if (failing) {
            throw new IllegalStateException("store down");
        }
        writes.add(List.copyOf(cursors));
    }

    @Test
    void manyAcksOfADeviceAreOneWriteOfTheHighest() {
        acks.ack(SPACE, PHONE, 3);
        acks.ack(SPACE, PHONE, 9);
        acks.ack(SPACE, PHONE, 5);

        acks.flush();

        assertThat(writes).containsExactly(List.of(new DeviceCursor(SPACE, PHONE, 9, NOW)));
        assertThat(acks.pendingSeq(SPACE, PHONE)).isEqualTo(-1);
    }

    @Test
    void aFlushWithNothingPendingWritesNothing() {
        acks.flush();

        assertThat(writes).isEmpty();
    }

    @Test
    void flushingSomeDevicesLeavesTheOthersPending() {
        acks.ack(SPACE, PHONE, 3);
        acks.ack(SPACE, LAPTOP, 4);

        acks.flush(List.of(new AckBuffer.Key(SPACE, PHONE)));

        assertThat(writes).containsExactly(List.of(new DeviceCursor(SPACE, PHONE, 3, NOW)));
        assertThat(acks.pendingSeq(SPACE, LAPTOP)).isEqualTo(4);
    }

    @Test
    void aFailedWriteKeepsTheCursorsForTheNextFlushWithoutMovingThemBack() {
        acks.ack(SPACE, PHONE, 7);
        failing = true;
        acks.flush();
        acks.ack(SPACE, PHONE, 6);
        failing = false;

        acks.flush();

        assertThat(writes).containsExactly(List.of(new DeviceCursor(SPACE, PHONE, 7, NOW)));
    }
}
