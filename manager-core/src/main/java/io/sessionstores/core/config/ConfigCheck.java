package io.sessionstores.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
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
     * What the setter of a setting read once at start may store: {@code requested} while the
     * component is not {@code running} (the digester configures it before start), or while it
     * runs if the value is the one in use; otherwise the change is refused, because the running
     * code reads the value frozen at start, and a field changed now would show a value that is
     * not in use (Tomcat's modeler calls a setter from JMX even for {@code writeable="false"}).
     *
     * @throws ConfigException naming the attribute, the refused value and the value in use
     */
    public static <T> T fixedWhileRunning(boolean running, String attribute, T inUse, T requested) {
        if (running && !Objects.equals(inUse, requested)) {
            throw ConfigException.fixedWhileRunning(attribute, requested, inUse);
        }
        return requested;
    }

    /** As {@link #fixedWhileRunning}, for a secret (a password, a key): the message shows neither value. */
    public static <T> T secretFixedWhileRunning(boolean running, String attribute, T inUse, T requested) {
        if (running && !Objects.equals(inUse, requested)) {
            throw ConfigException.fixedWhileRunning(attribute, "(masked)", "(masked)");
        }
        return requested;
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
