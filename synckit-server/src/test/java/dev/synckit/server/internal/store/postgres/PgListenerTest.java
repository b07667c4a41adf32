package dev.synckit.server.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class PgListenerTest {

    @Test
    void aPayloadIsTheSpaceAndTheHeadAndParsesBack() {
        var space = UUID.randomUUID();

        var payload = PgListener.payload(space, 42);

        assertThat(payload).isEqualTo(space + ":42");
        assertThat(PgListener.parse(payload)).contains(new PgListener.Notice(space, 42));
    }

    @Test
    void payloadsOfOtherShapesAreIgnored() {
        assertThat(PgListener.parse("hello")).isEmpty();
        assertThat(PgListener.parse(UUID.randomUUID() + ":-1")).isEmpty();
        assertThat(PgListener.parse(UUID.randomUUID() + ":1234567890123456789")).isEmpty();
        assertThat(PgListener.parse("not-a-uuid:1")).isEmpty();
    }
}
