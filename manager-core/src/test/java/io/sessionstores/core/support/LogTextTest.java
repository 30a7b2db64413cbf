package io.sessionstores.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void lineBreaksFromAFrameCannotForgeALogLine() {
        String name = "cart\r\nSEVERE: admin logged in\n";
        assertThat(LogText.safe(name)).isEqualTo("cart\\u000d\\u000aSEVERE: admin logged in\\u000a")
                .doesNotContain("\r", "\n");
    }

    @Test
    void unicodeSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(LogText.safe("a\u2028b\u2029c\u0085d\u202Ee\u0000f\u007F"))
                .isEqualTo("a\\u2028b\\u2029c\\u0085d\\u202ee\\u0000f\\u007f");
    }

    @Test
    void ordinaryNamesPassUnchanged() {
        assertThat(LogText.safe("com.example.Cart$Line")).isEqualTo("com.example.Cart$Line");
        assertThat(LogText.safe("caf\u00e9 \u65e5\u672c")).isEqualTo("caf\u00e9 \u65e5\u672c");
        assertThat(LogText.safe(null)).isEqualTo("null");
    }

    @Test
    void overlongTextIsCutAndSaysHowLongItWas() {
        String safe = LogText.safe("x".repeat(100_000));
        assertThat(safe).startsWith("x".repeat(LogText.MAX_LENGTH)).endsWith("...(100000 chars)")
                .hasSize(LogText.MAX_LENGTH + "...(100000 chars)".length());
    }

    @Test
    void aLoneSurrogateIsEscapedAndAPairIsKept() {
        assertThat(LogText.escape("a\ud800b\udc00c\ud83d\ude00")).isEqualTo("a\\ud800b\\udc00c\ud83d\ude00");
        assertThat(LogText.escape("x\ud83d")).isEqualTo("x\\ud83d");
    }

    @Test
    void escapeKeepsLongTextWhole() {
        assertThat(LogText.escape("x".repeat(1000) + "\u001b")).hasSize(1000 + 6).endsWith("\\u001b");
    }

    @Test
    void cuttingNeverLeavesHalfAPair() {
        String text = "x".repeat(LogText.MAX_LENGTH - 1) + "\ud83d\ude00" + "y".repeat(10);
        assertThat(LogText.safe(text)).startsWith("x".repeat(LogText.MAX_LENGTH - 1) + "...(");
    }
}
