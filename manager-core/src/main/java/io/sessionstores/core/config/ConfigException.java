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

    private ConfigException(String message) {
        super(message);
    }

    /**
     * A change of a setting that is read once at start, attempted while the component runs (a
     * setter called from JMX, for example): the value in use would no longer be the one shown.
     */
    static ConfigException fixedWhileRunning(String attribute, Object requested, Object inUse) {
        return new ConfigException("Attribute '" + attribute + "' is read once at start and cannot change while"
                + " the application runs: '" + requested + "' is refused, '" + inUse + "' stays in use (change it"
                + " in context.xml and reload the application)");
    }
}
