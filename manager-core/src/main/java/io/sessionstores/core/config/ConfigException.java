package io.sessionstores.core.config;

/**
 * A configuration attribute has a value that cannot work. The message names the attribute, the
 * bad value and what is allowed; the Manager turns it into a {@code LifecycleException} at start.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String attribute, Object value, String allowed) {
        super("Invalid value '" + value + "' for attribute '" + attribute + "': " + allowed);
    }
}
