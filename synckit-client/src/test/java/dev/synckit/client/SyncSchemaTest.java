package dev.synckit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncSchemaTest {

    private static TableSpec table(String name, String... parents) {
        var b = TableSpec.builder(name).columns("value");
        for (var p : parents) {
            b.parent(p);
        }
        return b.build();
    }

    @Test
    void tablesInDependencyOrderPutParentsBeforeChildren() {
        var schema = SyncSchema.builder()
                .table(table("annotations", "tasks"))
                .table(table("tasks", "projects"))
                .table(table("contacts"))
                .table(table("projects"))
                .table(table("milestones", "projects"))
                .build();

        var order = schema.tablesInDependencyOrder().stream().map(TableSpec::name).toList();

        assertThat(order).containsExactlyInAnyOrder("annotations", "tasks", "contacts", "projects", "milestones");
        assertThat(order.indexOf("projects")).isLessThan(order.indexOf("tasks"))
                .isLessThan(order.indexOf("milestones"));
        assertThat(order.indexOf("tasks")).isLessThan(order.indexOf("annotations"));
        assertThat(schema.tables()).extracting(TableSpec::name)
                .containsExactly("annotations", "tasks", "contacts", "projects", "milestones");
    }

    @Test
    void aTableSpecDefaultsItsPrimaryKeyToIdAndKeepsColumnOrder() {
        var spec = TableSpec.builder("tasks").columns("title", "done").column("project_id").parent("projects").build();

        assertThat(spec.primaryKey()).isEqualTo("id");
        assertThat(spec.columns()).containsExactly("title", "done", "project_id");
        assertThat(spec.parents()).containsExactly("projects");
    }

    @Test
    void namesMustBeIdentifiers() {
        assertThatThrownBy(() -> TableSpec.builder("tasks; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table name must match");
        assertThatThrownBy(() -> TableSpec.builder("tasks").columns("ti tle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column of table tasks must match");
        assertThatThrownBy(() -> TableSpec.builder("tasks").primaryKey("1id"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePrimaryKeyMustNotBeASyncedColumn() {
        assertThatThrownBy(() -> TableSpec.builder("tasks").columns("id", "title").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table tasks: the primary key id must not be listed among the synced columns"
                        + " (it travels as the row id)");
    }

    @Test
    void aTableMustSyncAtLeastOneColumnAndEachOnlyOnce() {
        assertThatThrownBy(() -> TableSpec.builder("tasks").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table tasks must list at least one synced column");
        assertThatThrownBy(() -> TableSpec.builder("tasks").columns("title", "title"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("column title of table tasks is listed twice");
    }

    @Test
    void aTableCannotBeItsOwnParent() {
        assertThatThrownBy(() -> TableSpec.builder("tasks").parent("tasks"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be its own parent");
    }

    @Test
    void parentsMustBeDeclaredTables() {
        var builder = SyncSchema.builder().table(table("tasks", "projects"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table tasks names parent projects, which is not a declared table");
    }

    @Test
    void parentCyclesAreRejected() {
        var builder = SyncSchema.builder().table(table("a", "c")).table(table("b", "a")).table(table("c", "b"))
                .table(table("d"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the parents of tables a, b, c form a cycle");
    }

    @Test
    void tablesAreDeclaredOnceAndAtLeastOnce() {
        assertThatThrownBy(() -> SyncSchema.builder().table(table("a")).table(table("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("table a is declared twice");
        assertThatThrownBy(() -> SyncSchema.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a schema must declare at least one table");
    }

    @Test
    void theVersionIsAtLeastOne() {
        assertThatThrownBy(() -> SyncSchema.builder().version(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema version must be >= 1: 0");
        assertThat(SyncSchema.builder().table(table("a")).build().version()).isOne();
    }
}
