package dev.synckit.server.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.ServerFrame;
import dev.synckit.server.internal.store.LogPage;
import dev.synckit.server.internal.store.TrickyOps;
import dev.synckit.server.internal.store.sqlite.SqliteStore;

/** An {@code ops} frame written from the stored log is the text of the {@link ServerFrame.Ops} record, exactly. */
class OpsFramesTest {

    @TempDir
    Path dir;

    @Test
    void aFrameWrittenFromTheStoredOpsIsExactlyTheRecordsFrame() {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var space = TrickyOps.push(store).space();
            var page = store.pullLog(space, 0, 10, Long.MAX_VALUE);
            var records = page.toPullPage().ops();

            for (int from = 0; from < page.ops().size(); from++) {
                var stored = page.ops().subList(from, page.ops().size());

                assertThat(OpsFrames.encode(space, stored)).as("frame of the ops from index %d", from)
                        .isEqualTo(Frames.encode(new ServerFrame.Ops(space, records.subList(from, records.size()))));
            }
            assertThat(ProtocolJson.mapper().readValue(OpsFrames.encode(space, page.ops()), ServerFrame.class))
                    .isEqualTo(new ServerFrame.Ops(space, records));
        }
    }

    @Test
    void anEmptyOrNonContiguousFrameIsRefusedLikeTheRecord() {
        try (var store = SqliteStore.open(dir.resolve("synckit.db"))) {
            var space = TrickyOps.push(store).space();
            var ops = store.pullLog(space, 0, 10, Long.MAX_VALUE).ops();

            assertThatThrownBy(() -> OpsFrames.encode(space, List.of(ops.get(0), ops.get(2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contiguous");
            assertThatThrownBy(() -> OpsFrames.encode(space, List.<LogPage.Entry>of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        }
    }
}
