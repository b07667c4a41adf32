package dev.synckit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.synckit.server.ServerConfig;

/** The embedded SQLite store in a fresh directory of the run. */
final class SqliteScratchStore implements ScratchStore {

    private final Path dir;

    SqliteScratchStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public ServerConfig config() {
        return ServerConfig.builder().dataDir(dir).build();
    }

    @Override
    public List<String> serverArgs() {
        return List.of("--data-dir", dir.toAbsolutePath().toString());
    }

    @Override
    public Map<String, String> serverEnv() {
        return Map.of();
    }

    @Override
    public long sizeBytes() {
        return directoryBytes(dir);
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed while walking: nothing to count
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
