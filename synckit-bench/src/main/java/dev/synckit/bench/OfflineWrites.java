package dev.synckit.bench;

import java.sql.SQLException;
import java.util.List;
import java.util.Random;

/**
 * W5's writes on device A while it is offline: {@code n} single-row writes, each its own transaction (autocommit)
 * of plain SQL on the app's connection. Even writes insert a new row; odd writes give one of the rows A held
 * before it went offline (in id order) a new title and {@code updated_at}.
 */
final class OfflineWrites {

    private OfflineWrites() {
    }

    /** Makes the writes; returns how many were inserts. */
    static int run(HostedDevice device, int n) throws SQLException {
        var existing = device.app(app -> Todos.readAll(app)).stream().map(Todos.Row::id).toList();
        var generator = new Todos.Generator(new Random());
        int inserts = 0;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0 || existing.isEmpty()) {
                var row = generator.next(System.currentTimeMillis());
                device.app(app -> {
                    Todos.insertInOneTransaction(app, List.of(row));
                    return null;
                });
                inserts++;
            } else {
                var id = existing.get((i / 2) % existing.size());
                var title = generator.title("");
                device.app(app -> {
                    try (var ps = app.prepareStatement("UPDATE todos SET title = ?, updated_at = ? WHERE id = ?")) {
                        ps.setString(1, title);
                        ps.setLong(2, System.currentTimeMillis());
                        ps.setString(3, id);
                        return ps.executeUpdate();
                    }
                });
            }
        }
        return inserts;
    }
}
