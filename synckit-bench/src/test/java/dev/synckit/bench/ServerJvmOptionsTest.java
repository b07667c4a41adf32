package dev.synckit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerJvmOptionsTest {

    /** Maven runs the tests in the module's directory; the launcher is beside it. */
    private static final Path SCRIPT = Path.of("..", "bin", "synckit");

    @Test
    void theLauncherShipsTheSameServerOptionsTheHarnessUses() throws IOException {
        var prefix = ServerJvmOptions.SCRIPT_VARIABLE + "=\"";
        var line = Files.readAllLines(SCRIPT).stream().filter(l -> l.startsWith(prefix)).toList();

        assertThat(line).hasSize(1);
        assertThat(line.getFirst()).isEqualTo(prefix + String.join(" ", ServerJvmOptions.DEFAULTS) + "\"");
    }

    @Test
    void theSystemdUnitsOfTheSelfHostingGuideUseThemToo() throws IOException {
        var guide = Files.readString(Path.of("..", "docs", "SELF_HOSTING.md"));

        assertThat(guide).contains("ALL-UNNAMED " + String.join(" ", ServerJvmOptions.DEFAULTS) + " -jar");
    }

    @Test
    void extraOptionsComeLastSoThatTheyWin() {
        assertThat(ServerJvmOptions.with(List.of("-Xmx1g")))
                .startsWith(ServerJvmOptions.DEFAULTS.toArray(String[]::new))
                .endsWith("-Xmx1g");
    }
}
