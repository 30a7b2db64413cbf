package io.sessionstores.core.analysis;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionstores.core.support.LogText;

/**
 * The JSON form: every field of the report, plus its averages and compression ratio. Strings are
 * written with control, formatting and surrogate characters as {@code \\uXXXX} escapes (JSON
 * escapes only the first 32 by default), so the file shows a terminal or an editor nothing it
 * would act on, and a lone surrogate cannot make the file unwritable as UTF-8; a JSON reader still
 * gets the names exactly as stored.
 */
final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
            .characterEscapes(new UntrustedTextEscapes()).build()).enable(SerializationFeature.INDENT_OUTPUT);

    /** Escapes what {@link LogText} escapes, the JSON way. */
    private static final class UntrustedTextEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        UntrustedTextEscapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            String one = String.valueOf((char) ch);
            // a surrogate is always escaped here (a pair as two escapes), which JSON reads back as the pair
            return Character.isSurrogate((char) ch) || !LogText.escape(one).equals(one)
                    ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private JsonReport() {
    }

    static String render(AnalysisReport report) {
        ObjectNode root = MAPPER.valueToTree(report);
        root.put("averageBytes", report.averageBytes());
        root.put("compressionRatio", report.compressionRatio());
        int i = 0;
        for (JsonNode key : root.get("keys")) {
            ((ObjectNode) key).put("averageBytes", report.keys().get(i++).averageBytes());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serializes", e);
        }
    }
}
