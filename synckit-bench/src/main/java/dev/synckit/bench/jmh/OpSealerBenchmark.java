package dev.synckit.bench.jmh;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.synckit.client.internal.crypto.MasterKey;
import dev.synckit.client.internal.crypto.OpSealer;
import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * End-to-end encryption of one W1 todo upsert (four fields): sealing it before a push and opening it after a pull,
 * as {@code SealingTransport} does for every op of an encrypted space (a keyed hash per name, an SIV-GCM seal of the
 * row identity and of each field).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class OpSealerBenchmark {

    private static final int OPS = 1024;

    private final UUID space = UUID.randomUUID();
    private OpSealer sealer;
    private final Op[] plain = new Op[OPS];
    private final Op[] sealed = new Op[OPS];
    private int next;

    /**
     * Makes a key and distinct ops with their sealed forms (sealing one op over and over would measure the JDK's
     * refusal to reuse a GCM nonce on one instance, which only a retried push meets).
     */
    @Setup
    public void setUp() {
        sealer = OpSealer.create(MasterKey.generate(new SecureRandom()));
        var device = UUID.randomUUID();
        for (int i = 0; i < OPS; i++) {
            var fields = new LinkedHashMap<String, JsonNode>();
            var title = "Qx7Jd0aLmT3vWb9ZrY2kPcE5hN8sG1uFoI4t" + (1000 + i); // 40 characters
            fields.put("title", JsonNodeFactory.instance.stringNode(title));
            fields.put("done", JsonNodeFactory.instance.numberNode(i & 1));
            fields.put("project_id", JsonNodeFactory.instance.stringNode(UUID.randomUUID().toString()));
            fields.put("updated_at", JsonNodeFactory.instance.numberNode(1_764_561_600_000L + i));
            plain[i] = new Op(UUID.randomUUID(), "todos", UUID.randomUUID().toString(), OpKind.UPSERT, fields,
                    new Hlc(1_764_561_600_000L + i, 0), device, 1);
            sealed[i] = sealer.seal(space, plain[i]);
        }
    }

    /** Wipes the key. */
    @TearDown
    public void tearDown() {
        sealer.close();
    }

    /** Seals the op. */
    @Benchmark
    public Op seal() {
        next = (next + 1) % OPS;
        return sealer.seal(space, plain[next]);
    }

    /** Opens the sealed op, checking everything. */
    @Benchmark
    public Op open() {
        next = (next + 1) % OPS;
        return sealer.open(space, sealed[next]);
    }
}
