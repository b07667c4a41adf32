package dev.synckit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        var config = ServerConfig.builder().build();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8787);
        assertThat(config.dataDir()).isEqualTo(Path.of("synckit-data"));
        assertThat(config.maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.maxOpsPerPush()).isEqualTo(5000);
        assertThat(config.maxOpBytes()).isEqualTo(256 * 1024);
        assertThat(config.defaultPullLimit()).isEqualTo(500);
        assertThat(config.maxPullLimit()).isEqualTo(5000);
        assertThat(config.clock().getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.databasePoolSize()).isEqualTo(10);
        assertThat(config.storeDescription()).startsWith("SQLite ").endsWith("synckit.db");
    }

    @Test
    void aDatabaseUrlSelectsPostgresqlInEitherFormAndIsNeverShownWithItsPassword() {
        var uri = ServerConfig.builder().databaseUrl(" postgresql://synckit:hunter2@db:5432/sync ").build();
        var jdbc = ServerConfig.builder().databaseUrl("jdbc:postgresql://db/sync?user=synckit&password=hunter2")
                .databasePoolSize(3).build();

        assertThat(uri.databaseUrl()).contains("postgresql://synckit:hunter2@db:5432/sync");
        assertThat(uri.toString()).doesNotContain("hunter2").contains("databaseUrl=postgresql://synckit@db:5432/sync")
                .doesNotContain("dataDir");
        assertThat(uri.storeDescription()).isEqualTo("PostgreSQL postgresql://synckit@db:5432/sync");
        assertThat(jdbc.toString()).doesNotContain("hunter2").contains("databasePoolSize=3");
        assertThat(jdbc.databasePoolSize()).isEqualTo(3);
    }

    @Test
    void aNullOrBlankDatabaseUrlMeansTheEmbeddedStore() {
        var b = ServerConfig.builder().databaseUrl("postgresql://u@h/db");

        assertThat(b.databaseUrl(null).build().databaseUrl()).isEmpty();
        assertThat(b.databaseUrl("  ").build().databaseUrl()).isEmpty();
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresqlIsRefusedWithTheAcceptedForms() {
        var b = ServerConfig.builder();

        assertThatThrownBy(() -> b.databaseUrl("mysql://root:hunter2@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://user:password@host:5432/database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> b.databaseUrl("postgresql://root:hunter2@h")).hasMessageContaining("database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> b.databasePoolSize(0)).hasMessageContaining("databasePoolSize must be within 1..1000");
        assertThatThrownBy(() -> b.databasePoolSize(1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settersRejectValuesOutsideTheirRangeWithTheRule() {
        var b = ServerConfig.builder();

        assertThatThrownBy(() -> b.port(70_000)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> b.port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.host(" ")).hasMessageContaining("host must not be blank");
        assertThatThrownBy(() -> b.maxBodyBytes(10)).hasMessageContaining("maxBodyBytes must be within 1024..");
        assertThatThrownBy(() -> b.maxOpsPerPush(0)).hasMessageContaining("maxOpsPerPush must be within 1..100000");
        assertThatThrownBy(() -> b.maxOpBytes(1)).hasMessageContaining("maxOpBytes must be at least 64");
        assertThatThrownBy(() -> b.defaultPullLimit(0)).hasMessageContaining("defaultPullLimit");
        assertThatThrownBy(() -> b.maxPullLimit(100_001)).hasMessageContaining("maxPullLimit");
        assertThatThrownBy(() -> b.dataDir(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void buildCrossChecksTheLimits() {
        assertThatThrownBy(() -> ServerConfig.builder().maxBodyBytes(2048).maxOpBytes(4096).build())
                .hasMessage("maxOpBytes (4096) must not exceed maxBodyBytes (2048)");
        assertThatThrownBy(() -> ServerConfig.builder().maxPullLimit(10).build())
                .hasMessage("defaultPullLimit (500) must not exceed maxPullLimit (10)");
    }

    @Test
    void aBuilderCanBeReusedWithoutChangingBuiltConfigs() {
        var b = ServerConfig.builder().port(1);
        var first = b.build();

        var second = b.port(2).build();

        assertThat(first.port()).isEqualTo(1);
        assertThat(second.port()).isEqualTo(2);
    }
}
