package dev.synckit.server.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

    @Test
    void theUriFormBecomesAJdbcUrlWithTheCredentialsApart() {
        var url = PostgresUrl.parse("postgresql://synckit:s3cret@db.example.org:5433/sync?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:5433/sync?sslmode=require");
        assertThat(url.user()).isEqualTo("synckit");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.display()).isEqualTo("postgresql://synckit@db.example.org:5433/sync");
    }

    @Test
    void userAndPasswordArePercentDecodedAndAPlusStaysAPlus() {
        var url = PostgresUrl.parse("postgres://app%40corp:p%3Aw%2Fd+x@localhost/my%20db");

        assertThat(url.user()).isEqualTo("app@corp");
        assertThat(url.password()).isEqualTo("p:w/d+x");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/my%20db");
        assertThat(url.display()).isEqualTo("postgresql://app@corp@localhost:5432/my db");
    }

    @Test
    void theUriFormWorksWithoutCredentialsAndWithSeveralHostsOrIpv6() {
        assertThat(PostgresUrl.parse("postgresql://h1:5432,h2:5433/sync").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/sync");
        assertThat(PostgresUrl.parse("postgresql://[::1]:5432/sync").display())
                .isEqualTo("postgresql://[::1]:5432/sync");
        assertThat(PostgresUrl.parse("postgresql://u@h/sync").password()).isNull();
    }

    @Test
    void theJdbcFormIsUsedAsItIs() {
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/synckit?user=postgres&password=pw";

        var url = PostgresUrl.parse(jdbc);

        assertThat(url.jdbcUrl()).isEqualTo(jdbc);
        assertThat(url.user()).isNull();
        assertThat(url.password()).isNull();
        assertThat(url.display()).isEqualTo("postgresql://postgres@127.0.0.1:5432/synckit");
    }

    @Test
    void toStringNeverShowsThePassword() {
        var uri = PostgresUrl.parse("postgresql://synckit:hunter2@db/sync");
        var jdbc = PostgresUrl.parse("jdbc:postgresql://db/sync?user=synckit&password=hunter2");

        assertThat(uri.toString()).doesNotContain("hunter2").isEqualTo("postgresql://synckit@db:5432/sync");
        assertThat(jdbc.toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:hunter2@h/db", "sqlite:/tmp/x.db", "/var/lib/synckit", "jdbc:mysql://h/db",
        "http://u:hunter2@h/db"})
    void otherSchemesAreRefusedWithTheAcceptedForms(String url) {
        assertThatThrownBy(() -> PostgresUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://user:password@host:5432/database")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u:hunter2@/db", "postgresql://u:hunter2@h", "postgresql://u:hunter2@h/",
        "postgresql://u:hunter2@h:99999/db", "postgresql://u:hunter2@h:abc/db", "jdbc:postgresql://u:hunter2@h/db",
        "jdbc:postgresql:db", "jdbc:postgresql://h/", "jdbc:postgresql://h:x/db?password=hunter2",
        "postgresql://u:hunter2%zz@h/db"})
    void malformedPostgresqlUrlsAreRefusedWithoutRepeatingThem(String url) {
        assertThatThrownBy(() -> PostgresUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("databaseUrl")
                .hasMessageNotContaining("hunter2");
    }
}
