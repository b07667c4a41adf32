package dev.synckit.server.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "08003", "57P01", "57P03", "53300", "55P03", "57014", "25006", "40001",
        "40P01"})
    void connectionShutdownResourceAndTimeoutStatesMeanUnavailable(String state) {
        var failure = PgFailures.failure("push", new SQLException("boom", state));

        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.getMessage()).startsWith("push failed: [" + state + "] boom");
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42P01", "42703", "22P02", "XX000"})
    void bugsAndBrokenSchemasAreNotUnavailable(String state) {
        assertThat(PgFailures.failure("push", new SQLException("boom", state)).transientFailure()).isFalse();
    }

    @Test
    void aPoolTimeoutIsUnavailableEvenWithoutAState() {
        var timeout = new SQLTransientConnectionException("synckit-pg - Connection is not available");

        assertThat(PgFailures.unavailable(timeout)).isTrue();
        assertThat(PgFailures.unavailable(new SQLException("no state"))).isFalse();
    }

    @Test
    void onlyDeadlocksAndSerializationFailuresAreRetriedAtOnce() {
        assertThat(PgFailures.retryable(new SQLException("x", "40001"))).isTrue();
        assertThat(PgFailures.retryable(new SQLException("x", "40P01"))).isTrue();
        assertThat(PgFailures.retryable(new SQLException("x", "08006"))).isFalse();
        assertThat(PgFailures.retryable(new SQLException("x", "23505"))).isFalse();
    }

    @Test
    void theMessageKeepsOnlyTheFirstLineOfTheDriversMessage() {
        var e = new SQLException("ERROR: duplicate key value violates unique constraint\n  Detail: Key (name)=(alice)",
                "23505");

        assertThat(PgFailures.failure("creating a user", e).getMessage()).doesNotContain("alice");
    }
}
