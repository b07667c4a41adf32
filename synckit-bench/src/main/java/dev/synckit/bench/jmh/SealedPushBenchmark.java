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
 * Sealing a written push body of 1,000 W1 todo upserts, as an encrypted space's push does before every request
 * ({@code SealingTransport.prepare}: read the body, seal every op, write the sealed body). The score is per op; it
 * adds the body's reading and writing to {@link OpSealerBenchmark#seal}. Each invocation seals another of 16 bodies,
 * as a push seals ops it has not sealed before.
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

    private final UUID space = UUID.randomUUID();
    private final PushBody[] bodies = new PushBody[BODIES];
    private OpSealer sealer;
    private BulkTransport transport;
    private int next;

    /** Makes a key and the written bodies. */
    @Setup
    public void setUp() {
        sealer = OpSealer.create(MasterKey.generate(new SecureRandom()));
        transport = SealingTransport.over(new Unsent(), sealer);
        var device = UUID.randomUUID();
        var projects = new String[10];
        for (int p = 0; p < projects.length; p++) {
            projects[p] = UUID.randomUUID().toString();
        }
        var columns = Set.of("title", "done", "project_id", "updated_at");
        for (int b = 0; b < BODIES; b++) {
            var writer = new PushBodyWriter(device, 1);
            for (int i = 0; i < OPS; i++) {
                long at = 1_764_561_600_000L + b * OPS + i;
                var data = "{\"title\":\"Qx7Jd0aLmT3vWb9ZrY2kPcE5hN8sG1uFoI4t" + (1000 + i) + "\",\"done\":" + (i & 1)
                        + ",\"project_id\":\"" + projects[i % projects.length] + "\",\"updated_at\":" + at + "}";
                writer.add(UUID.randomUUID().toString(), "todos", UUID.randomUUID().toString(), false, data,
                        new Hlc(at, 0).encode(), columns);
            }
            bodies[b] = writer.finish();
        }
    }

    /** Wipes the key. */
    @TearDown
    public void tearDown() {
        sealer.close();
    }

    /** Seals one body of 1,000 ops. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public PushBody prepare() {
        next = (next + 1) % BODIES;
        return transport.prepare(space, bodies[next]);
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
