package dev.synckit.tests.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synckit.client.SyncStatus;
import dev.synckit.testkit.TestServer;

/**
 * Two devices sync folders and notes (add, update, delete, a parent with children) through a real server with
 * end-to-end encryption on, and afterwards nothing the server stores (any file, any table, old pages and the WAL
 * included) contains a synced value, table name, column name or row id (DESIGN §7). The same scan finds all of them
 * when encryption is off, so it can fail; and both runs end with the same data on the devices.
 */
class EncryptedSyncTest {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final String FOLDER = "rowid-aardvark-folder";
    static final List<String> ROW_IDS = List.of(FOLDER, "rowid-axolotl-note1", "rowid-axolotl-note2",
            "rowid-axolotl-note3", "rowid-pangolin-folder");
    static final List<String> NAMES = List.of(Device.FOLDERS, Device.NOTES, "marmotlabel", "ocelottext",
            "narwhalflag", "folderlink");
    static final List<String> VALUES = List.of("Platypus Recipes", "Secret-Value-Wombat-One",
            "Secret-Value-Wombat-Two edited", "Secret-Value-Capybara-Three", "Tapir Archive");

    @TempDir
    Path dir;

    /** What a scenario leaves behind. */
    record Outcome(Map<String, String> onA, Map<String, String> onB, long fkViolationsOnB, List<String> serverFiles,
                   List<String> plaintextOnServer, List<String> serverTables, SyncStatus.Encryption statusA, SyncStatus.Encryption statusB) {
    }

    @Test
    void encryptedSyncLeavesNoPlaintextOnTheServer() throws Exception {
        var outcome = scenario("encrypted", true);

        assertThat(outcome.onB()).isEqualTo(outcome.onA()).containsOnlyKeys("folder/" + FOLDER,
                "note/rowid-axolotl-note2", "note/rowid-axolotl-note3");
        assertThat(outcome.onB()).containsEntry("note/rowid-axolotl-note2",
                "Secret-Value-Wombat-Two edited|1|" + FOLDER);
        assertThat(outcome.fkViolationsOnB()).isZero();
        assertThat(outcome.statusA()).isEqualTo(SyncStatus.Encryption.UNLOCKED);
        assertThat(outcome.statusB()).isEqualTo(SyncStatus.Encryption.UNLOCKED);
        assertThat(outcome.serverFiles()).as("the scan reads the database and its WAL")
                .contains("synckit.db", "synckit.db-wal");
        assertThat(outcome.plaintextOnServer()).isEmpty();
        assertThat(outcome.serverTables()).as("the server's log holds keyed table hashes").hasSize(2)
                .allMatch(t -> t.matches("e1_[0-9a-f]{32}"));
    }

    @Test
    void theScanFindsEveryKindOfPlaintextWhenEncryptionIsOff() throws Exception {
        var outcome = scenario("plain", false);

        var found = outcome.plaintextOnServer();

        assertThat(outcome.statusA()).isEqualTo(SyncStatus.Encryption.OFF);
        for (var needle : List.of(Device.NOTES, "ocelottext", "rowid-axolotl-note2", "Secret-Value-Wombat-Two edited",
                "Tapir Archive")) {
            assertThat(found).as("plaintext %s is visible without encryption", needle)
                    .anyMatch(f -> f.startsWith(needle + " in "));
        }
    }

    @Test
    void theSameEditsGiveTheSameResultWithAndWithoutEncryption() throws Exception {
        var plain = scenario("plain", false);
        var encrypted = scenario("encrypted", true);

        assertThat(encrypted.onA()).isEqualTo(plain.onA()).isNotEmpty();
        assertThat(encrypted.onB()).isEqualTo(plain.onB());
    }

    private static List<String> needles() {
        var all = new java.util.ArrayList<String>();
        all.addAll(ROW_IDS);
        all.addAll(NAMES);
        all.addAll(VALUES);
        all.add("Secret-Value-Wombat-Two"); // the value before its edit
        return all;
    }

    /**
     * Device A writes before and after it sets encryption up, B unlocks it with the password; both edit, delete a
     * note and a whole folder (its notes go with it by cascade), and sync until both are up to date.
     */
    private Outcome scenario(String name, boolean encrypted) throws Exception {
        var base = dir.resolve(name);
        try (var server = TestServer.start(base.resolve("server"))) {
            var key = server.createUserWithKey("alice");
            try (var a = Device.open(base, "a", server.uri(), key); var b = Device.open(base, "b", server.uri(), key)) {
                a.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES (?, 'Platypus Recipes')", FOLDER);
                a.exec("INSERT INTO quokkanotes (id, ocelottext, folderlink) VALUES ('rowid-axolotl-note1', "
                        + "'Secret-Value-Wombat-One', ?)", FOLDER);
                if (encrypted) {
                    assertThat(a.engine.hasServerKey()).isFalse();
                    assertThat(a.engine.setupEncryptionNew(PASSWORD)).hasSize(39);
                    assertThat(b.engine.hasServerKey()).isTrue();
                    b.engine.setupEncryptionExisting(PASSWORD);
                }
                a.exec("INSERT INTO quokkanotes (id, ocelottext, folderlink) VALUES ('rowid-axolotl-note2', "
                        + "'Secret-Value-Wombat-Two', ?)", FOLDER);
                a.engine.sync();
                b.engine.sync();

                b.exec("INSERT INTO zebrafolders (id, marmotlabel) VALUES ('rowid-pangolin-folder', 'Tapir Archive')");
                b.exec("INSERT INTO quokkanotes (id, ocelottext, folderlink) VALUES ('rowid-axolotl-note3', "
                        + "'Secret-Value-Capybara-Three', 'rowid-pangolin-folder')");
                b.exec("UPDATE quokkanotes SET ocelottext = 'Secret-Value-Wombat-Two edited', narwhalflag = 1 "
                        + "WHERE id = 'rowid-axolotl-note2'");
                b.exec("DELETE FROM quokkanotes WHERE id = 'rowid-axolotl-note1'");
                b.engine.sync();
                a.engine.sync();
                a.exec("UPDATE quokkanotes SET folderlink = ? WHERE id = 'rowid-axolotl-note3'", FOLDER);
                a.exec("DELETE FROM zebrafolders WHERE id = 'rowid-pangolin-folder'");
                a.engine.sync();
                b.engine.sync();

                // Scanned while the server runs, so that its WAL is still there.
                var data = base.resolve("server");
                return new Outcome(a.contents(), b.contents(), b.foreignKeyViolations(), ServerScan.files(data),
                        ServerScan.find(data, needles()), ServerStore.tables(data), a.engine.status().encryption(),
                        b.engine.status().encryption());
            }
        }
    }
}
