package dev.synckit.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncSchema;
import dev.synckit.client.TableSpec;
import dev.synckit.testkit.RecordingProxy;
import dev.synckit.testkit.TestServer;

/** A column outside the table's whitelist never leaves the device: no request body ever contains its value. */
class ColumnWhitelistTest {

    static final String DDL = """
            CREATE TABLE accounts (id TEXT PRIMARY KEY, email TEXT, server TEXT, password TEXT, oauth_token TEXT)""";
    static final SyncSchema SCHEMA = SyncSchema.builder().version(1)
            .table(TableSpec.builder("accounts").primaryKey("id").columns("email", "server").build())
            .build();

    @TempDir
    Path dir;

    @Test
    void nonWhitelistedColumnsNeverAppearInAnyRequestBody() throws Exception {
        try (var server = TestServer.start(dir.resolve("server"));
             var proxy = RecordingProxy.start(server.uri())) {
            var key = server.createUserWithKey("grace");
            try (var a = Replica.open(dir.resolve("a.db"), DDL, SCHEMA, proxy.uri(), key);
                 var b = Replica.open(dir.resolve("b.db"), DDL, SCHEMA, proxy.uri(), key)) {
                a.exec("INSERT INTO accounts VALUES ('acc1', 'g@example.org', 'imap.example.org', "
                        + "'SECRET-PASSWORD-1', 'SECRET-TOKEN-1')");
                a.exec("INSERT INTO accounts VALUES ('acc2', 'h@example.org', 'imap.example.org', "
                        + "'SECRET-PASSWORD-2', 'SECRET-TOKEN-2')");
                a.exec("UPDATE accounts SET password = 'SECRET-PASSWORD-3', oauth_token = 'SECRET-TOKEN-3'"
                        + " WHERE id = 'acc1'");
                a.exec("UPDATE accounts SET email = 'new@example.org', password = 'SECRET-PASSWORD-4' WHERE id = 'acc2'");

                a.engine.sync();
                b.engine.sync();

                var bodies = proxy.exchanges().stream().map(RecordingProxy.Exchange::requestBody).toList();
                assertThat(bodies).anyMatch(body -> body.contains("new@example.org"));
                assertThat(bodies).noneMatch(body -> body.contains("SECRET") || body.contains("password")
                        || body.contains("oauth_token"));
                assertThat(b.rows("accounts", "id")).extracting(r -> r.get("email") + "|" + r.get("password"))
                        .containsExactly("g@example.org|null", "new@example.org|null");
            }
        }
    }
}
