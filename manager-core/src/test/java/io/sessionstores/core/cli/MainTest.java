package io.sessionstores.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's own decisions, without running a command (ToolsIT runs the shaded jars for real). */
class MainTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndSaysWhichAreNotInThisBuild() {
        Run help = run(Map.of(), "help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("analyze ", "expire ", "migrate ", "deploy-check ", "help ", "--catalina-home DIR")
                .doesNotContain("(not in this build)");
        Main.COMMANDS.put("vanished", new Main.Command("io.sessionstores.core.NoSuchCommand", "a command left out"));
        try {
            assertThat(run(Map.of(), "help").out()).containsPattern("vanished .*\\(not in this build\\)");
        } finally {
            Main.COMMANDS.remove("vanished");
        }
        assertThat(run(Map.of()).exit()).as("no command at all").isEqualTo(Main.BAD_ARGUMENTS);
    }

    @Test
    void unknownAndMissingCommandsExitWith2SayingSo() {
        Run unknown = run(Map.of(), "vacuum");
        assertThat(unknown.exit()).isEqualTo(Main.BAD_ARGUMENTS);
        assertThat(unknown.err()).contains("unknown command 'vacuum'").contains("commands:");
        Main.COMMANDS.put("vanished", new Main.Command("io.sessionstores.core.NoSuchCommand", "a command left out"));
        try {
            Run missing = run(Map.of(), "vanished", "--app", "/Catalina/localhost/x");
            assertThat(missing.exit()).isEqualTo(Main.BAD_ARGUMENTS);
            assertThat(missing.err()).startsWith("vanished: not in this build");
        } finally {
            Main.COMMANDS.remove("vanished");
        }
    }

    @Test
    void tomcatIsFoundFromTheOptionOrCatalinaHomeAndRefusedWhenAbsent() throws Exception {
        Path home = Files.createDirectories(dir.resolve("tomcat/lib"));
        Files.writeString(home.resolve("catalina.jar"), "");
        assertThat(Main.findHome(dir.resolve("tomcat").toString(), Map.of())).isEqualTo(dir.resolve("tomcat"));
        assertThat(Main.findHome(null, Map.of("CATALINA_HOME", dir.resolve("tomcat").toString())))
                .isEqualTo(dir.resolve("tomcat"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Main.findHome(null, Map.of())))
                .hasMessageContaining("no Tomcat was found").hasMessageContaining("--catalina-home DIR")
                .hasMessageContaining("CATALINA_HOME");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Main.findHome(dir.toString(), Map.of())))
                .hasMessageContaining("is not a Tomcat installation").hasMessageContaining("catalina.jar");
        Run noValue = run(Map.of(), "expire", "--catalina-home");
        assertThat(noValue.exit()).isEqualTo(Main.BAD_ARGUMENTS);
        assertThat(noValue.err()).contains("--catalina-home needs a value");
    }
}
