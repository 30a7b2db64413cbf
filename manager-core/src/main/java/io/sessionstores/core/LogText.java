package io.sessionstores.core;

/**
 * Makes text that came from the network or the store (class and attribute names read from a
 * frame, exception messages quoting them) safe to put in a log line: control characters, line and
 * paragraph separators and invisible formatting characters (such as bidirectional overrides) are
 * escaped as {@code \\uXXXX}, so such text can neither start a forged log line nor hide part of
 * the real one, and the result is cut to a bounded length.
 */
final class LogText {

    /** Longest text kept from one untrusted value, in characters. */
    static final int MAX_LENGTH = 200;

    private LogText() {
    }

    /** {@code text} escaped and cut to {@value #MAX_LENGTH} characters; {@code "null"} for null. */
    static String safe(Object text) {
        String s = String.valueOf(text);
        int keep = Math.min(s.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > keep) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        if (c < 0x20 || c == 0x7F) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
