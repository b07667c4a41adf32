package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsAreSortedByTheNamesTheJvmGivesThem() {
        assertThat(ThreadCpu.kind("C2 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.kind("C1 CompilerThre")).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.kind("GC Thread#0")).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.kind("G1 Conc#0")).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.kind("G1 Refine#0")).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.kind("synckit-sqlite-")).isEqualTo(ThreadCpu.Kind.PROGRAM);
        assertThat(ThreadCpu.kind("ForkJoinPool-1-")).isEqualTo(ThreadCpu.Kind.PROGRAM);
    }

    @Test
    void theSplitSubtractsEachThreadsEarlierTimeCountsNewThreadsFromZeroAndDropsEndedOnes() {
        var earlier = new ThreadCpu(Map.of(1L, 100L, 2L, 50L, 3L, 10L, 9L, 999L),
                Map.of(1L, ThreadCpu.Kind.PROGRAM, 2L, ThreadCpu.Kind.JIT, 3L, ThreadCpu.Kind.GC,
                        9L, ThreadCpu.Kind.PROGRAM));
        var later = new ThreadCpu(Map.of(1L, 250L, 2L, 80L, 3L, 12L, 4L, 7L),
                Map.of(1L, ThreadCpu.Kind.PROGRAM, 2L, ThreadCpu.Kind.JIT, 3L, ThreadCpu.Kind.GC,
                        4L, ThreadCpu.Kind.PROGRAM));

        var split = later.since(earlier);

        assertThat(split.program()).isCloseTo(1.57, offset(1e-9));
        assertThat(split.jit()).isCloseTo(0.30, offset(1e-9));
        assertThat(split.gc()).isCloseTo(0.02, offset(1e-9));
    }

    @Test
    void thisJvmsOwnThreadsAreRead() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");

        var snapshot = ThreadCpu.of(ProcessHandle.current().pid()).orElseThrow();

        assertThat(snapshot.ticks()).hasSameSizeAs(snapshot.kinds()).isNotEmpty();
        assertThat(snapshot.kinds()).containsValue(ThreadCpu.Kind.PROGRAM);
        assertThat(snapshot.ticks().values()).allMatch(ticks -> ticks >= 0);
        assertThat(ThreadCpu.between(ThreadCpu.of(Long.MAX_VALUE), Optional.of(snapshot))).isNull();
    }
}
