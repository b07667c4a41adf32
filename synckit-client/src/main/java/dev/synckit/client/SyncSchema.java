package dev.synckit.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The declaration of what syncs: a version number and the synced tables, each with its column whitelist and
 * parents.
 *
 * <p>A schema is validated when it is built: every parent must be a declared table and the parent graph must have
 * no cycle, so that {@link #tablesInDependencyOrder()} exists. Whether the tables and columns exist in the
 * database is checked when a {@link SyncEngine} installs the schema.
 *
 * {@snippet :
 * SyncSchema schema = SyncSchema.builder()
 *         .version(1)
 *         .table(TableSpec.builder("projects").columns("name").build())
 *         .table(TableSpec.builder("tasks").columns("title", "done", "project_id").parent("projects").build())
 *         .build();
 * }
 *
 * <p>Instances are immutable and safe for concurrent use.
 *
 * @since 0.1
 */
public final class SyncSchema {

    private final int version;
    private final Map<String, TableSpec> tables;
    private final List<TableSpec> dependencyOrder;

    private SyncSchema(int version, Map<String, TableSpec> tables, List<TableSpec> dependencyOrder) {
        this.version = version;
        this.tables = tables;
        this.dependencyOrder = dependencyOrder;
    }

    /**
     * Starts a schema declaration.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the declared version, {@code >= 1}; every op this device writes carries it} */
    public int version() {
        return version;
    }

    /** {@return the synced tables in declaration order} */
    public List<TableSpec> tables() {
        return List.copyOf(tables.values());
    }

    /**
     * Finds a synced table by name.
     *
     * @param name the table's name
     * @return the table's description, or empty if the table does not sync
     */
    public Optional<TableSpec> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /**
     * Returns the synced tables with every parent before its children (ties in declaration order). Remote upserts
     * apply in this order, remote deletes in the reverse order.
     *
     * @return the tables, parents first
     */
    public List<TableSpec> tablesInDependencyOrder() {
        return dependencyOrder;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SyncSchema s && version == s.version && tables.equals(s.tables);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, tables);
    }

    @Override
    public String toString() {
        return "SyncSchema[version=" + version + ", tables=" + tables.keySet() + "]";
    }

    /**
     * Builds a {@link SyncSchema}. Not safe for concurrent use.
     *
     * @since 0.1
     */
    public static final class Builder {

        private int version = 1;
        private final Map<String, TableSpec> tables = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the schema version; the default is 1. Raise it when the declaration changes in a way other devices
         * should know about.
         *
         * @param version the version, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if {@code version < 1}
         */
        public Builder version(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("schema version must be >= 1: " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * Adds a synced table.
         *
         * @param table the table's description
         * @return this builder
         * @throws IllegalArgumentException if a table of the same name was added before
         */
        public Builder table(TableSpec table) {
            Objects.requireNonNull(table, "table");
            if (tables.putIfAbsent(table.name(), table) != null) {
                throw new IllegalArgumentException("table " + table.name() + " is declared twice");
            }
            return this;
        }

        /**
         * Builds the schema.
         *
         * @return the schema
         * @throws IllegalArgumentException if no table is declared, a parent is not a declared table, or the
         *                                  parents form a cycle
         */
        public SyncSchema build() {
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("a schema must declare at least one table");
            }
            for (var t : tables.values()) {
                for (var p : t.parents()) {
                    if (!tables.containsKey(p)) {
                        throw new IllegalArgumentException("table " + t.name() + " names parent " + p
                                + ", which is not a declared table");
                    }
                }
            }
            var copy = new LinkedHashMap<>(tables);
            return new SyncSchema(version, Collections.unmodifiableMap(copy), topologicalOrder(copy));
        }

        /** Kahn's algorithm, stable in declaration order; fails on a cycle. */
        private static List<TableSpec> topologicalOrder(Map<String, TableSpec> tables) {
            var remainingParents = new LinkedHashMap<String, Integer>();
            tables.values().forEach(t -> remainingParents.put(t.name(), t.parents().size()));
            var ready = new ArrayDeque<String>();
            remainingParents.forEach((n, c) -> {
                if (c == 0) {
                    ready.add(n);
                }
            });
            var order = new ArrayList<TableSpec>(tables.size());
            while (!ready.isEmpty()) {
                var done = tables.get(ready.poll());
                order.add(done);
                for (var t : tables.values()) {
                    if (t.parents().contains(done.name()) && remainingParents.merge(t.name(), -1, Integer::sum) == 0) {
                        ready.add(t.name());
                    }
                }
            }
            if (order.size() < tables.size()) {
                var cyclic = remainingParents.entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(Map.Entry::getKey).collect(Collectors.joining(", "));
                throw new IllegalArgumentException("the parents of tables " + cyclic + " form a cycle");
            }
            return List.copyOf(order);
        }
    }
}
