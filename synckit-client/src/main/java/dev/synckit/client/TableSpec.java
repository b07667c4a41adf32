package dev.synckit.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Identifiers;
import dev.synckit.protocol.Op;

/**
 * How one app table syncs: its primary key, the whitelist of columns that leave the device, and the tables its
 * rows reference (its parents).
 *
 * <p>Only the listed columns are captured and sent; every other column of the table (passwords, OAuth tokens,
 * local caches) never leaves the device, and remote changes only ever write listed columns. The primary key is
 * not listed: it travels as the op's row id. It must be the table's single-column {@code PRIMARY KEY} or a column
 * with a {@code UNIQUE} index; rows whose key is {@code NULL} are not synced. Columns declared {@code BLOB} cannot
 * be synced in this version.
 *
 * <p>Parents order remote apply (DESIGN §4): upserts of a parent table are applied before its children's, deletes
 * after them. A table that references itself needs no declaration.
 *
 * {@snippet :
 * TableSpec tasks = TableSpec.builder("tasks")
 *         .primaryKey("id")
 *         .columns("title", "done", "project_id")
 *         .parent("projects")
 *         .build();
 * }
 *
 * <p>Instances are immutable and safe for concurrent use.
 *
 * @since 0.1
 */
public final class TableSpec {

    private final String name;
    private final String primaryKey;
    private final List<String> columns;
    private final Set<String> parents;

    private TableSpec(Builder b) {
        this.name = b.name;
        this.primaryKey = b.primaryKey;
        this.columns = List.copyOf(b.columns);
        this.parents = Set.copyOf(b.parents);
    }

    /**
     * Starts the description of a table.
     *
     * @param name the table's name: an ASCII letter or underscore, then letters, digits or underscores, at most
     *             {@value Identifiers#MAX_NAME_LENGTH} characters
     * @return a builder
     * @throws IllegalArgumentException if the name breaks the rule
     */
    public static Builder builder(String name) {
        return new Builder(Identifiers.requireName("table name", name));
    }

    /** {@return the table's name} */
    public String name() {
        return name;
    }

    /** {@return the primary key column, whose value (as text) is the row id of every op} */
    public String primaryKey() {
        return primaryKey;
    }

    /** {@return the synced columns, in declaration order; never the primary key} */
    public List<String> columns() {
        return columns;
    }

    /** {@return the tables this table's rows reference} */
    public Set<String> parents() {
        return parents;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof TableSpec t && name.equals(t.name) && primaryKey.equals(t.primaryKey)
                && columns.equals(t.columns) && parents.equals(t.parents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, primaryKey, columns, parents);
    }

    @Override
    public String toString() {
        return "TableSpec[" + name + ", primaryKey=" + primaryKey + ", columns=" + columns + ", parents="
                + parents + "]";
    }

    /**
     * Builds a {@link TableSpec}. Setters validate their argument at once; {@link #build()} checks the whole.
     * Not safe for concurrent use.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final String name;
        private String primaryKey = "id";
        private final LinkedHashSet<String> columns = new LinkedHashSet<>();
        private final LinkedHashSet<String> parents = new LinkedHashSet<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the primary key column; the default is {@code id}.
         *
         * @param column the column name
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid identifier
         */
        public Builder primaryKey(String column) {
            this.primaryKey = Identifiers.requireName("primary key of table " + name, column);
            return this;
        }

        /**
         * Adds synced columns, in order.
         *
         * @param names the column names
         * @return this builder
         * @throws IllegalArgumentException if a name is not a valid identifier or was added before
         */
        public Builder columns(String... names) {
            for (var n : names) {
                column(n);
            }
            return this;
        }

        /**
         * Adds one synced column.
         *
         * @param column the column name
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid identifier or was added before
         */
        public Builder column(String column) {
            Identifiers.requireName("column of table " + name, column);
            if (!columns.add(column)) {
                throw new IllegalArgumentException("column " + column + " of table " + name + " is listed twice");
            }
            return this;
        }

        /**
         * Declares that rows of this table reference rows of {@code table}, which must be declared in the same
         * {@link SyncSchema}.
         *
         * @param table the parent table's name
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid identifier or is this table itself
         */
        public Builder parent(String table) {
            Identifiers.requireName("parent of table " + name, table);
            if (table.equals(name)) {
                throw new IllegalArgumentException("table " + name
                        + " cannot be its own parent; self-references need no declaration");
            }
            parents.add(table);
            return this;
        }

        /**
         * Builds the table description.
         *
         * @return the description
         * @throws IllegalArgumentException if no column is listed, the primary key is listed as a synced column,
         *                                  or more than {@value Op#MAX_FIELDS} columns are listed
         */
        public TableSpec build() {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("table " + name + " must list at least one synced column");
            }
            if (columns.contains(primaryKey)) {
                throw new IllegalArgumentException("table " + name + ": the primary key " + primaryKey
                        + " must not be listed among the synced columns (it travels as the row id)");
            }
            if (columns.size() > Op.MAX_FIELDS) {
                throw new IllegalArgumentException("table " + name + " may sync at most " + Op.MAX_FIELDS
                        + " columns");
            }
            return new TableSpec(this);
        }
    }
}
