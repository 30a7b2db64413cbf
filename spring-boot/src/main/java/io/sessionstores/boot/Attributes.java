package io.sessionstores.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.sessionstores.core.config.ConfigException;

/**
 * The attributes of one component (the Manager, a store, the expiry valve) as Spring Boot
 * properties: every public JavaBean setter of a simple type, named in kebab case under the
 * component's prefix ({@code saveMode} is {@code session-stores.manager.save-mode}), set as
 * Tomcat's digester sets a {@code context.xml} attribute. Names are matched ignoring case, dashes
 * and underscores, so {@code save-mode}, {@code saveMode} and an environment variable's
 * {@code SAVEMODE} are one attribute. Defaults and start-time checks stay the component's own.
 */
final class Attributes {

    /** Setters of Tomcat's bookkeeping that are no configuration. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of("domain", "statename", "name");

    private final String prefix;
    private final Map<String, Method> setters = new TreeMap<>();
    private final Map<String, String> names = new TreeMap<>();

    private Attributes(String prefix, Class<?> type) {
        this.prefix = prefix;
        for (Method m : type.getMethods()) {
            if (m.getName().length() > 3 && m.getName().startsWith("set") && m.getParameterCount() == 1
                    && !Modifier.isStatic(m.getModifiers()) && simple(m.getParameterTypes()[0])) {
                String attribute = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                String key = normalize(attribute);
                if (!NOT_ATTRIBUTES.contains(key)) {
                    setters.putIfAbsent(key, m);
                    names.putIfAbsent(key, attribute);
                }
            }
        }
    }

    /** The attributes of {@code type}, as properties under {@code prefix} (no trailing dot). */
    static Attributes of(String prefix, Class<?> type) {
        return new Attributes(prefix, type);
    }

    /** Whether {@code property} (a key under the prefix, any case) names one of these attributes. */
    boolean has(String property) {
        return setters.containsKey(normalize(property));
    }

    /** The property naming {@code attribute} (as a component's message names it), or {@code null}. */
    String propertyOf(String attribute) {
        String name = names.get(normalize(attribute));
        return name == null ? null : prefix + "." + kebab(name);
    }

    /** Every property these attributes offer, for a message listing what is allowed. */
    String allowed() {
        StringBuilder out = new StringBuilder();
        for (String name : names.values()) {
            out.append(out.length() == 0 ? "" : ", ").append(kebab(name));
        }
        return out.toString();
    }

    /**
     * Sets {@code property} (a key under the prefix) on {@code target} to {@code value}, converted
     * as the setter needs.
     *
     * @return {@code false} when no setter of these attributes has that name
     * @throws ConfigException naming the property, when the value does not convert or the setter refuses it
     */
    boolean set(Object target, String property, String value) {
        Method setter = setters.get(normalize(property));
        if (setter == null) {
            return false;
        }
        String full = prefix + "." + property;
        Object converted = convert(full, setter.getParameterTypes()[0], value);
        try {
            setter.invoke(target, converted);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException refused) {
                throw refused.renamed(full);
            }
            throw new ConfigException(full, value, "a value " + setter.getDeclaringClass().getSimpleName() + "."
                    + setter.getName() + " accepts (" + e.getCause() + ")");
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(setter + " is not accessible", e);
        }
        return true;
    }

    private static Object convert(String property, Class<?> type, String value) {
        String v = value == null ? "" : value.trim();
        try {
            if (type == String.class) {
                return value;
            }
            if (type == int.class || type == Integer.class) {
                return Integer.valueOf(v);
            }
            if (type == long.class || type == Long.class) {
                return Long.valueOf(v);
            }
            if (type == double.class || type == Double.class) {
                return Double.valueOf(v);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(property, value, type == double.class || type == Double.class ? "a number"
                    : "a whole number");
        }
        if ("true".equalsIgnoreCase(v)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(v)) {
            return Boolean.FALSE;
        }
        throw new ConfigException(property, value, "true or false");
    }

    private static boolean simple(Class<?> type) {
        return type == String.class || type == int.class || type == Integer.class || type == long.class
                || type == Long.class || type == boolean.class || type == Boolean.class || type == double.class
                || type == Double.class;
    }

    static String normalize(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** {@code maxSaveRetries} as {@code max-save-retries}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
