package dev.synckit.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The server's materialized view of {@code todos} as rows, to compare with the devices' tables. */
final class ServerView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServerView() {
    }

    /** Parses the lines of {@link ServerProcess#view}: row id to row; a field the server lacks becomes null/0. */
    static Map<String, Todos.Row> parse(List<String> lines) {
        var rows = new TreeMap<String, Todos.Row>();
        for (var line : lines) {
            var node = JSON.readTree(line);
            var id = node.get("id").asString();
            var fields = node.get("fields");
            rows.put(id, new Todos.Row(id, text(fields.get("title")), fields.has("done") ? fields.get("done").asInt() : -1,
                    text(fields.get("project_id")), fields.has("updated_at") ? fields.get("updated_at").asLong() : -1));
        }
        return rows;
    }

    /** Counts the rows that differ between the view and a device's table (missing or extra rows count once). */
    static long differences(Map<String, Todos.Row> view, Connection device) throws SQLException {
        var local = new HashMap<String, Todos.Row>();
        Todos.readAll(device).forEach(r -> local.put(r.id(), r));
        long diff = 0;
        for (var e : view.entrySet()) {
            if (!Objects.equals(e.getValue(), local.remove(e.getKey()))) {
                diff++;
            }
        }
        return diff + local.size();
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
