package dev.synckit.tests.e2ee;

import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.synckit.client.EventSubscription;
import dev.synckit.client.SyncEvent;

/** Two devices of one encrypted account in live sync, as the realtime tests of this package start them. */
final class LiveEncrypted {

    private LiveEncrypted() {
    }

    /**
     * Sets up encryption on A (new key) and B (unlocks it), starts both engines with a sync interval of months (so
     * that only local writes and the socket make them sync), and waits until both synced once and are connected.
     */
    static void unlockAndConnect(Device a, Device b, char[] password, Duration wait) throws SQLException {
        a.engine.setupEncryptionNew(password);
        b.engine.setupEncryptionExisting(password);
        for (var device : List.of(a, b)) {
            device.exec("UPDATE sync_state SET value = '500000' WHERE key = 'sync_interval_minutes'");
            device.engine.start();
        }
        await().atMost(wait).until(() -> connected(a) && connected(b));
    }

    /** {@return the events waiting in the subscription, which no longer holds them} */
    static List<SyncEvent> drain(EventSubscription events) {
        var seen = new ArrayList<SyncEvent>();
        for (var e = events.poll(); e.isPresent(); e = events.poll()) {
            seen.add(e.get());
        }
        return seen;
    }

    private static boolean connected(Device device) {
        var status = device.engine.status();
        return status.lastSuccess().isPresent() && status.realtimeConnected();
    }
}
