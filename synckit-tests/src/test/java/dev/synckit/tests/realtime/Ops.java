package dev.synckit.tests.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.synckit.protocol.Hlc;
import dev.synckit.protocol.Op;
import dev.synckit.protocol.OpKind;
import tools.jackson.databind.node.StringNode;

/** Ops for realtime tests: upserts of {@code todos} titles with strictly increasing clocks per device. */
final class Ops {

    private final UUID device;
    private Hlc clock = Hlc.ZERO;

    Ops(UUID device) {
        this.device = device;
    }

    synchronized Op title(String rowId, String title) {
        clock = clock.tick(System.currentTimeMillis());
        return new Op(UUID.randomUUID(), "todos", rowId, OpKind.UPSERT, Map.of("title", StringNode.valueOf(title)),
                clock, device, 1);
    }

    List<Op> titles(String prefix, int n) {
        var out = new ArrayList<Op>();
        for (int i = 0; i < n; i++) {
            out.add(title(prefix + "-" + i, prefix + " " + i));
        }
        return out;
    }
}
