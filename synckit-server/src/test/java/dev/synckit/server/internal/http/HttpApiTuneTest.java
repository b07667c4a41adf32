package dev.synckit.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.Test;

class HttpApiTuneTest {

    @Test
    void connectionsKeepNoHeaderCache() {
        var http = new HttpConfiguration();
        assertThat(http.getHeaderCacheSize()).as("Jetty's default").isPositive();

        HttpApi.tune(http);

        // A cache table of about 100 KB per connection that a WebSocket would keep for its whole life.
        assertThat(http.getHeaderCacheSize()).isZero();
    }
}
