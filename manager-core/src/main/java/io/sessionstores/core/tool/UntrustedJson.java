package io.sessionstores.core.tool;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sessionstores.core.support.LogText;

/**
 * The JSON writer of every tool's report: strings are written with control, formatting and
 * surrogate characters as {@code \\uXXXX} escapes (JSON escapes only the first 32 by default), so
 * a report file shows a terminal or an editor nothing it would act on, and a lone surrogate cannot
 * make it unwritable as UTF-8; a JSON reader still gets names read from the store exactly as stored.
 */
public final class UntrustedJson {

    /** An indenting mapper that escapes what {@link LogText} escapes, the JSON way. Thread-safe. */
    public static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
            .characterEscapes(new UntrustedTextEscapes()).build()).enable(SerializationFeature.INDENT_OUTPUT);

    private UntrustedJson() {
    }

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
}
