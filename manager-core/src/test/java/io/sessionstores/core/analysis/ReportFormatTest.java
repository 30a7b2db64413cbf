package io.sessionstores.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    /** The classic report's own example (DESIGN.md): 2 sessions of 5125, keys foo, bar, baz. */
    private static AnalysisReport issueExample() {
        List<AnalysisReport.KeyStats> keys = List.of(new AnalysisReport.KeyStats("foo", 2, 31446, 16000),
                new AnalysisReport.KeyStats("bar", 2, 1237, 700), new AnalysisReport.KeyStats("baz", 2, 423, 300));
        List<AnalysisReport.SizeBin> bins = List.of(new AnalysisReport.SizeBin(0, 1024, 0),
                new AnalysisReport.SizeBin(16384, 32768, 2), new AnalysisReport.SizeBin(1 << 20, -1, 0));
        return new AnalysisReport("/Catalina/localhost/<shop>", 10240, 0, 5125, 2, 3, 0, List.of(), 33771, 12000, 665,
                17000, keys, List.of(new AnalysisReport.LargeSession("0123456789ab", 17000, 6000, 3)), bins, false,
                1_800_000_000_000L, 42);
    }

    @Test
    void textStartsWithTheClassicThreePartsByteForByte() {
        String text = ReportFormat.TEXT.render(issueExample());

        assertThat(text).startsWith("""
                Processed 2 sessions out of 5125 total sessions
                Average size was 16885.50 bytes
                Saw the following keys:
                    foo (2 times, avg. size 15723.00 bytes)
                    bar (2 times, avg. size 618.50 bytes)
                    baz (2 times, avg. size 211.50 bytes)
                """);
        assertThat(text).contains("compression ratio 2.81").contains("Expired sessions (counted, not analysed): 3")
                .contains("0123456789ab: 17000, 6000, 3").contains("16 KiB - 32 KiB");
    }

    @Test
    void jsonHoldsEveryFigureAndTheAverages() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(issueExample()));

        assertThat(json.get("processed").asLong()).isEqualTo(2);
        assertThat(json.get("totalSessions").asLong()).isEqualTo(5125);
        assertThat(json.get("averageBytes").asDouble()).isEqualTo(16885.5);
        assertThat(json.get("keys").get(0).get("name").asText()).isEqualTo("foo");
        assertThat(json.get("keys").get(1).get("averageBytes").asDouble()).isEqualTo(618.5);
        assertThat(json.get("largest").get(0).get("idHash").asText()).isEqualTo("0123456789ab");
        assertThat(json.get("histogram")).hasSize(3);
    }

    @Test
    void htmlIsOneSelfContainedPageWithTwoInlineChartsAndEscapedText() {
        String html = ReportFormat.HTML.render(issueExample());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id=\"histogram\"").contains("<svg id=\"attributes\"")
                .contains("&lt;shop&gt;").doesNotContain("<shop>").doesNotContain("<script").doesNotContain("src=")
                .doesNotContain("href=");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).as("no external reference").doesNotContain("http");
    }
}
