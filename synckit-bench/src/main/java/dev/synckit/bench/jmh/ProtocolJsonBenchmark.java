package dev.synckit.bench.jmh;

import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import dev.synckit.protocol.ProtocolJson;
import dev.synckit.protocol.PullPage;
import dev.synckit.protocol.PushRequest;
import dev.synckit.protocol.SequencedOp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Encoding and decoding of ops with {@link ProtocolJson}: one todo upsert, a push request of 500 ops (the engine's
 * default push batch) and a pull page of 1,000 ops (its default page size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ProtocolJsonBenchmark {

    private Op op;
    private byte[] opJson;
    private PushRequest push;
    private byte[] pageJson;

    /** Builds the ops and their encodings. */
    @Setup
    public void setUp() {
        var rows = new JmhRows();
        var device = UUID.randomUUID();
        var ops = new ArrayList<Op>();
        var seqOps = new ArrayList<SequencedOp>();
        for (int i = 0; i < 1000; i++) {
            var fields = new LinkedHashMap<String, JsonNode>();
            fields.put("title", JsonNodeFactory.instance.stringNode("Qx7Jd0aLmT3vWb9ZrY2kPcE5hN8sG1uFoI4tV6yX"));
            fields.put("done", JsonNodeFactory.instance.numberNode(i & 1));
            fields.put("project_id", JsonNodeFactory.instance.stringNode(UUID.randomUUID().toString()));
            fields.put("updated_at", JsonNodeFactory.instance.numberNode(1_764_561_600_000L + i));
            var o = new Op(UUID.randomUUID(), "todos", rows.nextId(), OpKind.UPSERT, fields,
                    new Hlc(1_764_561_600_000L + i, 0), device, 1);
            ops.add(o);
            seqOps.add(new SequencedOp(i + 1, o));
        }
        op = ops.getFirst();
        opJson = ProtocolJson.mapper().writeValueAsBytes(op);
        push = new PushRequest(device, ops.subList(0, 500));
        pageJson = ProtocolJson.mapper().writeValueAsBytes(new PullPage(seqOps, 1000, false));
    }

    /** One op to JSON. */
    @Benchmark
    public byte[] encodeOp() {
        return ProtocolJson.mapper().writeValueAsBytes(op);
    }

    /** One op from JSON, with the record's validation. */
    @Benchmark
    public Op decodeOp() {
        return ProtocolJson.mapper().readValue(opJson, Op.class);
    }

    /** A push request of 500 ops to JSON. */
    @Benchmark
    public byte[] encodePush500() {
        return ProtocolJson.mapper().writeValueAsBytes(push);
    }

    /** A pull page of 1,000 ops from JSON. */
    @Benchmark
    public PullPage decodePage1000() {
        return ProtocolJson.mapper().readValue(pageJson, PullPage.class);
    }
}
