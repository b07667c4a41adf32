package dev.synckit.bench.jmh;

import java.security.SecureRandom;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.client.internal.transport.BulkTransport;
import dev.synckit.client.internal.transport.PushBody;
import dev.synckit.client.internal.transport.PushBodyWriter;
import dev.synckit.client.internal.transport.RemotePage;
import dev.synckit.client.internal.transport.SealingTransport;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.PushResponse;

/**
 * Writing the push body of 1,000 W1 todo upserts from their captured changelog columns: {@link #writePlain} as a
 * plaintext space's push does, {@link #writeSealed} as an encrypted space's push does (each op sealed as it is
 * written, {@code SealingTransport.bodyWriter}), and {@link #prepare}, sealing a body written as captured (read the
 * body, seal every op, write the sealed body), which is what an encrypted push did on top of {@link #writePlain}
 * before it sealed while writing. Scores are per op. Each invocation works on another of 16 batches, as a push seals
 * ops it has not sealed before.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SealedPushBenchmark {

    private static final int OPS = 1000;
    private static final int BODIES = 16;
    private static final Set<String> COLUMNS = Set.of("title", "done", "project_id", "updated_at");

    private final UUID space = UUID.randomUUID();
    private final PushBody[] bodies = new PushBody[BODIES];
    private final String[][] opIds = new String[BODIES][OPS];
    private final String[][] rowIds = new String[BODIES][OPS];
    private final String[][] data = new String[BODIES][OPS];
    private final String[][] hlcs = new String[BODIES][OPS];
    private final UUID device = UUID.randomUUID();
    private OpSealer sealer;
    private BulkTransport transport;
    private int next;

    /** Makes a key and the written bodies. */
    @Setup
    public void setUp() {
        sealer = OpSealer.create(MasterKey.generate(new SecureRandom()));
        transport = SealingTransport.over(new Unsent(), sealer);
        var projects = new String[10];
        for (int p = 0; p < projects.length; p++) {
            projects[p] = UUID.randomUUID().toString();
        }
        for (int b = 0; b < BODIES; b++) {
            for (int i = 0; i < OPS; i++) {
                long at = 1_764_561_600_000L + b * OPS + i;
                opIds[b][i] = UUID.randomUUID().toString();
                rowIds[b][i] = UUID.randomUUID().toString();
                data[b][i] = "{\"title\":\"Qx7Jd0aLmT3vWb9ZrY2kPcE5hN8sG1uFoI4t" + (1000 + i) + "\",\"done\":" + (i & 1)
                        + ",\"project_id\":\"" + projects[i % projects.length] + "\",\"updated_at\":" + at + "}";
                hlcs[b][i] = new Hlc(at, 0).encode();
            }
            bodies[b] = write(new PushBodyWriter(device, 1), b);
        }
    }

    private PushBody write(PushBodyWriter writer, int batch) {
        for (int i = 0; i < OPS; i++) {
            writer.add(opIds[batch][i], "todos", rowIds[batch][i], false, data[batch][i], hlcs[batch][i], COLUMNS);
        }
        return writer.finish();
    }

    /** Wipes the key. */
    @TearDown
    public void tearDown() {
        sealer.close();
    }

    /** Seals one body of 1,000 ops written as captured. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public PushBody prepare() {
        next = (next + 1) % BODIES;
        return transport.prepare(space, bodies[next]);
    }

    /** Writes one body of 1,000 ops as captured. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public PushBody writePlain() {
        next = (next + 1) % BODIES;
        return write(new PushBodyWriter(device, 1), next);
    }

    /** Writes one body of 1,000 ops, each sealed as it is written. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public PushBody writeSealed() {
        next = (next + 1) % BODIES;
        return write(transport.bodyWriter(space, device, 1), next);
    }

    /** The transport under the sealing one: this benchmark only prepares, it never sends or pulls. */
    private static final class Unsent implements BulkTransport {

        @Override
        public PushResponse pushBody(UUID spaceId, PushBody body) {
            throw new UnsupportedOperationException("the benchmark does not send");
        }

        @Override
        public RemotePage pullPage(UUID spaceId, long after, int limit) {
            throw new UnsupportedOperationException("the benchmark does not pull");
        }
    }
}
