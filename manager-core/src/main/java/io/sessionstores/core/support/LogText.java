package io.sessionstores.core.support;

/**
 * Makes text that came from the network or the store (class and attribute names read from a
 * frame, exception messages quoting them) safe to put in a log line, a report or on a terminal:
 * control characters, line and paragraph separators, invisible formatting characters (such as
 * bidirectional overrides) and surrogates that are not half of a pair are escaped as
 * {@code \\uXXXX}, so such text can neither start a forged line, move the cursor or colour a
 * terminal, nor hide or reorder part of the real line. {@link #safe} also cuts the result to a
 * bounded length (log lines); {@link #escape} keeps it whole (reports).
 */
public final class LogText {

    /** Longest text kept from one untrusted value by {@link #safe}, in characters. */
    public static final int MAX_LENGTH = 200;

    private LogText() {
    }

    /** {@code text} escaped and cut to {@value #MAX_LENGTH} characters; {@code "null"} for null. */
    public static String safe(Object text) {
        String s = String.valueOf(text);
        if (s.length() <= MAX_LENGTH) {
            return escape(s);
        }
        int keep = Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return escape(s.substring(0, keep)) + "...(" + s.length() + " chars)";
    }

    /** {@code text} escaped, whole; {@code "null"} for null. */
    public static String escape(Object text) {
        String s = String.valueOf(text);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean needsEscape(char c) {
        if (c < 0x20 || c == 0x7F) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
