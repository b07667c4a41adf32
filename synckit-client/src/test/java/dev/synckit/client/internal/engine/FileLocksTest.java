package dev.synckit.client.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocksTest {

    @TempDir
    Path dir;

    @Test
    void twoSpellingsOfOneFileShareOneLock() throws Exception {
        var file = Files.createFile(dir.resolve("app.db"));
        var link = Files.createSymbolicLink(dir.resolve("link.db"), file);

        var direct = FileLocks.of(file);

        Files.createDirectory(dir.resolve("sub"));
        assertThat(FileLocks.of(dir.resolve("sub").resolve("..").resolve("app.db"))).isSameAs(direct);
        assertThat(FileLocks.of(dir.resolve(".").resolve("app.db"))).isSameAs(direct);
        assertThat(FileLocks.of(link)).isSameAs(direct);
        assertThat(FileLocks.of(dir.resolve("other.db"))).isNotSameAs(direct);
    }
}
