package io.sessionstores.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstores.core.cli.CommandRunner;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attribute names come from the store, so they may be anyone's text: an escape sequence that
 * recolours the operator's terminal, a line break that forges a report line, a bidi override that
 * reorders what follows, a lone surrogate, markup. Every report format, from the formatter and from
 * the command line, shows them escaped.
 */
class HostileAttributeNameTest {

    /** ANSI colour, forged line, carriage return, right-to-left override, lone surrogate. */
    static final String HOSTILE = "\u001b[31mRED\u001b[0m\nINJECTED LINE\rx\u202Eevil\ud800end";
    /** The same, as the text report shows it. */
    static final String HOSTILE_ESCAPED = "\\u001b[31mRED\\u001b[0m\\u000aINJECTED LINE\\u000dx\\u202eevil\\ud800end";
    static final String MARKUP = "<script>alert(1)</script>";
    private static final String APP = "/Catalina/localhost/hostile";

    @TempDir
    Path dir;

    private static AnalysisReport report() {
        List<AnalysisReport.KeyStats> keys = List.of(new AnalysisReport.KeyStats(HOSTILE, 1, 300, 300),
                new AnalysisReport.KeyStats(MARKUP, 1, 200, 200));
        return new AnalysisReport(APP, 0, 0, 1, 1, 0, 0, List.of(), 600, 600, 100, 600, keys,
                List.of(new AnalysisReport.LargeSession("0123456789ab", 600, 600, 2)),
                List.of(new AnalysisReport.SizeBin(0, 1024, 1)), false, 1_800_000_000_000L, 1);
    }

    /** The characters a terminal or an editor would act on, other than the report's own line breaks. */
    private static void assertNoActiveCharacters(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < output.length()
                    && Character.isLowSurrogate(output.charAt(i + 1));
            if (pair) {
                i++;
                continue;
            }
            assertThat(c == '\n' || c >= 0x20 && c != 0x7F && Character.getType(c) != Character.FORMAT
                    && !Character.isSurrogate(c) && c != '\u2028' && c != '\u2029')
                    .as("character U+%04X at %d of:%n%s", (int) c, i, output).isTrue();
        }
        assertThat(output).doesNotContain("\nINJECTED LINE");
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void everyFormatEscapesAHostileAttributeName(ReportFormat format) throws Exception {
        String output = format.render(report());

        assertNoActiveCharacters(output);
        switch (format) {
            case TEXT -> assertThat(output).contains("    " + HOSTILE_ESCAPED + " (1 times").contains(MARKUP);
            case HTML -> assertThat(output).contains(HOSTILE_ESCAPED.substring(0, 27))
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(MARKUP).doesNotContain("<script");
            case JSON -> assertThat(new ObjectMapper().readTree(output).get("keys").get(0).get("name").asText())
                    .as("a JSON reader gets the name as stored").isEqualTo(HOSTILE);
        }
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void theAnalyzeCommandPrintsAndWritesEveryFormatEscaped(ReportFormat format) throws Exception {
        long future = System.currentTimeMillis() + 3_600_000;
        Map<String, SessionRecord> records = InMemorySessionStore.records("hostile", APP);
        records.clear();
        AnalysisFixture.Seeded seeded = AnalysisFixture.session("D0000000000000000000000000000001", future, false, false,
                Map.of(HOSTILE, 300, MARKUP, 200));
        records.put(seeded.id(), seeded.record());
        String name = format.name().toLowerCase(java.util.Locale.ROOT);
        Path file = dir.resolve("report." + name);

        CommandRunner.Result printed = CommandRunner.ANALYZE.run("--app", APP, "--memory", "hostile", "--bigger-than",
                "0", "--format", name);
        CommandRunner.Result written = CommandRunner.ANALYZE.run("--app", APP, "--memory", "hostile", "--bigger-than",
                "0", "--format", name, "--output", file.toString());

        assertThat(printed.exit()).as("exit; stderr: %s", printed.err()).isZero();
        assertThat(written.exit()).as("exit; stderr: %s", written.err()).isZero();
        assertNoActiveCharacters(printed.out());
        assertNoActiveCharacters(printed.err());
        assertNoActiveCharacters(written.err());
        String fromFile = Files.readString(file, StandardCharsets.UTF_8);
        assertNoActiveCharacters(fromFile);
        for (String output : List.of(printed.out(), fromFile)) {
            assertThat(output).as("the name, escaped").containsIgnoringCase("\\u001b[31mRED");
        }
        if (format == ReportFormat.JSON) {
            JsonNode keys = new ObjectMapper().readTree(fromFile).get("keys");
            assertThat(List.of(keys.get(0).get("name").asText(), keys.get(1).get("name").asText()))
                    .as("the names as the frame holds them (UTF-8: a lone surrogate was stored as '?')")
                    .containsExactlyInAnyOrder(HOSTILE.replace('\ud800', '?'), MARKUP);
        }
    }
}
