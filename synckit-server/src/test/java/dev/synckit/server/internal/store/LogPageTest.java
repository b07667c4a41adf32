package dev.synckit.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.ProtocolJson;
import dev.synckit.server.internal.store.sqlite.SqliteStore;

/** The pull body written from the stored page is the JSON of the protocol records, byte for byte. */
class LogPageTest {

    @TempDir
    Path dir;

    @Test
    void theStoredPageWritesExactlyTheJsonOfItsRecords() {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var pushed = TrickyOps.push(store);
            var space = pushed.space();
            var ops = pushed.ops();

            for (int limit : new int[] {1, 2, 10}) {
                var page = store.pullLog(space, 0, limit, Long.MAX_VALUE);
                var records = page.toPullPage();

                assertThat(new String(page.toJson(), StandardCharsets.UTF_8))
                        .isEqualTo(ProtocolJson.mapper().writeValueAsString(records));
                assertThat(records.hasMore()).isEqualTo(limit < 3);
            }
            var all = store.pullLog(space, 0, 10, Long.MAX_VALUE).toPullPage();
            assertThat(all.ops()).extracting(s -> s.op().opId()).containsExactly(ops.get(0).opId(),
                    ops.get(1).opId(), ops.get(2).opId());
            assertThat(all.ops().get(1).op().baseVersion()).isEqualTo(7L);
            assertThat(all.ops().get(0).op().fields()).isEqualTo(pushed.fields());
        }
    }
}
