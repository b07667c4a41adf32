package dev.synckit.server.internal.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.synckit.server.internal.store.StoreException;

class PgSetupTest {

    static Path migrations(String dialect) throws Exception {
        return Path.of(PgSetupTest.class.getResource("/db/migration/" + dialect).toURI());
    }

    /** The tables the migrations leave, replaying their creates, drops and renames in version order. */
    static TreeSet<String> tables(Path dir) throws Exception {
        var statement = Pattern.compile("CREATE TABLE (\\w+)|DROP TABLE (\\w+)|ALTER TABLE (\\w+) RENAME TO (\\w+)");
        var version = Pattern.compile("V(\\d+)__.*\\.sql");
        var out = new TreeSet<String>();
        try (var files = Files.list(dir)) {
            var ordered = files.filter(f -> version.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(f -> {
                        var m = version.matcher(f.getFileName().toString());
                        m.matches();
                        return Integer.parseInt(m.group(1));
                    })).toList();
            for (var file : ordered) {
                var m = statement.matcher(Files.readString(file));
                while (m.find()) {
                    if (m.group(1) != null) {
                        out.add(m.group(1));
                    } else if (m.group(2) != null) {
                        out.remove(m.group(2));
                    } else {
                        out.remove(m.group(3));
                        out.add(m.group(4));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theSchemaVersionConstantNamesTheNewestMigration() throws Exception {
        var version = Pattern.compile("V(\\d+)__.*\\.sql");

        int newest;
        try (var files = Files.list(migrations("postgres"))) {
            newest = files.map(p -> version.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }

        assertThat(String.valueOf(newest)).isEqualTo(PgSetup.SCHEMA_VERSION);
    }

    @Test
    void bothDialectsCreateTheSameTables() throws Exception {
        var postgres = tables(migrations("postgres"));

        assertThat(postgres).isEqualTo(tables(migrations("sqlite"))).contains("ops", "spaces", "row_state");
    }

    @Test
    void aMissingDatabaseIsReportedQuicklyAsAFailureToConnect() {
        // Port 1 on loopback: nothing listens there, so connects are refused at once.
        var url = PostgresUrl.parse("postgresql://synckit:hunter2@127.0.0.1:1/synckit");

        try (var pool = PgSetup.pool(url, 1)) {
            var failure = catchThrowableOfType(StoreException.class, () -> PgSetup.migrate(url, pool));

            assertThat(failure.transientFailure()).isFalse();
            assertThat(failure.getMessage()).contains("cannot connect to PostgreSQL at "
                    + "postgresql://synckit@127.0.0.1:1/synckit").doesNotContain("hunter2");
        }
    }
}
