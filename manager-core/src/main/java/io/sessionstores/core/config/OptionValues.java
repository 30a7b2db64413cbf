package io.sessionstores.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;


/**
 * The one reader of command-line option values, shared by every command and every store's
 * {@link io.sessionstores.core.store.StoreFactory}: each method takes the options as
 * given (option -> raw value), returns the typed value or the default when the option is absent,
 * and refuses anything else with a {@link ConfigException} naming the option, the value and what
 * is allowed (the wording of {@link ConfigCheck}). Nothing is guessed: {@code yes} is a boolean,
 * {@code maybe} is an error, not {@code false}.
 */
public final class OptionValues {

    /** What a boolean option takes, and nothing else (case-insensitive). */
    public static final String BOOLEANS = "true, false, yes, no";

    private OptionValues() {
    }

    /** {@code true}/{@code yes} or {@code false}/{@code no}, any case; {@code defaultValue} when absent. */
    public static boolean bool(Map<String, String> options, String name, boolean defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new ConfigException(name, value, "allowed values are " + BOOLEANS);
        };
    }

    /** A whole number within {@code min..max}; {@code defaultValue} when absent. */
    public static long number(Map<String, String> options, String name, long defaultValue, long min, long max) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        long number;
        try {
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "a whole number from " + min + " to " + max);
        }
        return ConfigCheck.range(name, number, min, max);
    }

    /** A whole number within {@code min..max} (both ints); {@code defaultValue} when absent. */
    public static int integer(Map<String, String> options, String name, int defaultValue, int min, int max) {
        return (int) number(options, name, defaultValue, min, max);
    }

    /**
     * A whole number within {@code 1..max}, or {@code all} (any case) for {@link Long#MAX_VALUE};
     * {@code defaultValue} when absent.
     */
    public static long countOrAll(Map<String, String> options, String name, long defaultValue, long max) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        if ("all".equalsIgnoreCase(value.strip())) {
            return Long.MAX_VALUE;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigException(name, value, "a whole number from 1 to " + max + ", or all");
    }

    /** One of an enum's constants (case-insensitive, {@code -} for {@code _}); {@code defaultValue} when absent. */
    public static <E extends Enum<E>> E oneOf(Map<String, String> options, String name, E defaultValue) {
        String value = options.get(name);
        return value == null ? defaultValue : ConfigCheck.oneOf(name, value, defaultValue.getDeclaringClass());
    }

    /** Text that must not be blank when given; {@code null} when absent. */
    public static String text(Map<String, String> options, String name, String what) {
        String value = options.get(name);
        return value == null ? null : ConfigCheck.required(name, value, what);
    }

    /** A readable regular file; {@code null} when absent. */
    public static Path readableFile(Map<String, String> options, String name) {
        Path path = path(options, name, "a readable file");
        if (path != null && !(Files.isRegularFile(path) && Files.isReadable(path))) {
            throw new ConfigException(name, options.get(name), "a readable file (" + (Files.exists(path)
                    ? "this is not a readable regular file" : "no such file") + ")");
        }
        return path;
    }

    /**
     * A file that can be written: not a directory, in an existing directory that can be written;
     * {@code null} when absent. Checked before any work starts, so a long run does not end
     * without its result.
     */
    public static Path writableFile(Map<String, String> options, String name) {
        Path path = path(options, name, "a file in a writable directory");
        if (path == null) {
            return null;
        }
        Path dir = path.toAbsolutePath().getParent();
        if (Files.isDirectory(path) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)
                || (Files.exists(path) && !Files.isWritable(path))) {
            throw new ConfigException(name, options.get(name), "a file in an existing, writable directory ("
                    + (Files.isDirectory(path) ? "this is a directory" : "cannot write there") + ")");
        }
        return path;
    }

    private static Path path(Map<String, String> options, String name, String what) {
        String value = options.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Path.of(ConfigCheck.required(name, value, what));
        } catch (InvalidPathException e) {
            throw new ConfigException(name, value, what + " (" + e.getReason() + ")");
        }
    }
}
