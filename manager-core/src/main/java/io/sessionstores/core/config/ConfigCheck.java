package io.sessionstores.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Validation of XML attribute values, with messages an operator can act on. Used by the Manager
 * and every store in their start, so the wording is the same everywhere.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** {@code value} must lie in {@code [min, max]}. */
    public static long range(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(attribute, value, "allowed is " + min + " to " + max);
        }
        return value;
    }

    /** {@code value} must lie in {@code [min, max]}. */
    public static int range(String attribute, int value, int min, int max) {
        return (int) range(attribute, (long) value, min, (long) max);
    }

    /** {@code value} must be set and not blank. */
    public static String required(String attribute, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(attribute, value == null ? "" : value, "required: " + what);
        }
        return value.trim();
    }

    /**
     * Parses an enum attribute case-insensitively ({@code hash}, {@code HASH} and {@code Hash}
     * all work; dashes stand for underscores), with an error that lists the allowed values.
     */
    public static <E extends Enum<E>> E oneOf(String attribute, String value, Class<E> type) {
        if (value != null) {
            String wanted = value.trim().replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(wanted)) {
                    return e;
                }
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new ConfigException(attribute, value == null ? "" : value, "allowed values are " + allowed);
    }
}
