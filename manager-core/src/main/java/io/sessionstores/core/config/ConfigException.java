package io.sessionstores.core.config;

/**
 * A configuration attribute (or a command-line option, whose name starts with {@code --}) has a
 * value that cannot work. The message names the attribute or option, the bad value and what is
 * allowed; the Manager turns it into a {@code LifecycleException} at start, a command into exit
 * status 2.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String attribute;
    private final String value;
    private final String allowed;

    public ConfigException(String attribute, Object value, String allowed) {
        super("Invalid value '" + value + "' for " + (attribute.startsWith("--") ? "option '" : "attribute '")
                + attribute + "': " + allowed);
        this.attribute = attribute;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /** The attribute (or option) whose value was refused. */
    public String attribute() {
        return attribute;
    }

    /** The refused value, as given. */
    public String value() {
        return value;
    }

    /** What is allowed instead. */
    public String allowed() {
        return allowed;
    }

    /** The same refusal, naming {@code name} (e.g. the command-line option that set the attribute). */
    public ConfigException renamed(String name) {
        ConfigException renamed = new ConfigException(name, value, allowed);
        renamed.initCause(this);
        return renamed;
    }

    private ConfigException(String message, String attribute, Object value, String allowed) {
        super(message);
        this.attribute = attribute;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /**
     * A change of a setting that is read once at start, attempted while the component runs (a
     * setter called from JMX, for example): the value in use would no longer be the one shown.
     */
    static ConfigException fixedWhileRunning(String attribute, Object requested, Object inUse) {
        return new ConfigException("Attribute '" + attribute + "' is read once at start and cannot change while"
                + " the application runs: '" + requested + "' is refused, '" + inUse + "' stays in use (change it"
                + " in context.xml and reload the application)", attribute, requested, "'" + inUse + "' while it runs");
    }
}
