package io.sessionstores.core.it;

import java.util.ArrayList;
import java.util.List;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.store.InMemorySessionStore;

/**
 * The tests' one builder of a {@code META-INF/context.xml}: a {@code <Context>} with one
 * {@code <Manager>} (the project's, or Tomcat's {@code StandardManager}), its attributes, the
 * elements nested in it (the {@code <Store>}, a {@code <SessionIdGenerator>}) and elements beside
 * it (a {@code <Realm>}, an {@code <Environment>}). Attribute values are escaped here, so a JDBC
 * URL with {@code &} goes in as it is.
 *
 * <pre>{@code
 * String xml = ContextXml.sessionStoreManager().allowWebappClasses()
 *         .store(JdbcSessionStore.class, "url", url, "tableName", "t", "createSchema", "true").xml();
 * }</pre>
 */
public final class ContextXml {

    private final String managerClass;
    private final List<String> managerAttributes = new ArrayList<>();
    private final List<String> inManager = new ArrayList<>();
    private final List<String> inContext = new ArrayList<>();

    private ContextXml(String managerClass) {
        this.managerClass = managerClass;
    }

    /** A context with the project's Manager ({@link SessionStoreManager}). */
    public static ContextXml sessionStoreManager() {
        return new ContextXml(SessionStoreManager.class.getName());
    }

    /** A context with Tomcat's {@code StandardManager}, not persisting across restarts ({@code pathname=""}). */
    public static ContextXml standardManager() {
        return new ContextXml("org.apache.catalina.session.StandardManager").manager("pathname", "");
    }

    /** Sets the Manager's attribute {@code name} to {@code value}. */
    public ContextXml manager(String name, Object value) {
        managerAttributes.add(attribute(name, value));
        return this;
    }

    /**
     * Manager attributes written out as XML by the caller ({@code sticky="true" codec="json"}), for
     * tests that pass a node's settings around as text.
     */
    public ContextXml managerAttributes(String xmlAttributes) {
        if (!xmlAttributes.isBlank()) {
            managerAttributes.add(xmlAttributes.trim());
        }
        return this;
    }

    /** {@code allowedClassNames} = the test webapp's own classes ({@link SessionTestApp#WEBAPP_CLASSES}). */
    public ContextXml allowWebappClasses() {
        return manager("allowedClassNames", SessionTestApp.WEBAPP_CLASSES);
    }

    /** A {@code <Store>} of {@code type} nested in the Manager, with attributes as name, value pairs. */
    public ContextXml store(Class<?> type, Object... namesAndValues) {
        return store(element("Store", type.getName(), namesAndValues));
    }

    /** A {@code <Store>} element written by the caller (a contract's subclass gives its own). */
    public ContextXml store(String storeElement) {
        inManager.add(storeElement);
        return this;
    }

    /** The in-memory test store named {@code name}: every Manager configured with the same name shares its records. */
    public ContextXml inMemoryStore(String name) {
        return store(InMemorySessionStore.class, "name", name);
    }

    /** Another element nested in the Manager (a {@code <SessionIdGenerator>}), of {@code className}. */
    public ContextXml inManager(String tag, String className, Object... namesAndValues) {
        inManager.add(element(tag, className, namesAndValues));
        return this;
    }

    /** An element beside the Manager, written by the caller (an {@code <Environment>}, a {@code <Realm>}). */
    public ContextXml inContext(String element) {
        inContext.add(element);
        return this;
    }

    /** The {@link TestRealm} beside the Manager, so that {@code session/login} works. */
    public ContextXml testRealm() {
        return inContext(element("Realm", TestRealm.class.getName()));
    }

    /** The context.xml text. */
    public String xml() {
        StringBuilder out = new StringBuilder("<Context>\n");
        inContext.forEach(e -> out.append("  ").append(e).append('\n'));
        out.append("  <Manager className=\"").append(managerClass).append('"');
        managerAttributes.forEach(a -> out.append(' ').append(a));
        if (inManager.isEmpty()) {
            out.append("/>\n");
        } else {
            out.append(">\n");
            inManager.forEach(e -> out.append("    ").append(e).append('\n'));
            out.append("  </Manager>\n");
        }
        return out.append("</Context>\n").toString();
    }

    @Override
    public String toString() {
        return xml();
    }

    /** An empty element {@code <tag className="..." name="value" .../>}, its values escaped. */
    public static String element(String tag, String className, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come as name, value pairs: " + List.of(namesAndValues));
        }
        StringBuilder out = new StringBuilder("<").append(tag).append(' ').append(attribute("className", className));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(' ').append(attribute(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]));
        }
        return out.append("/>").toString();
    }

    /** {@code value} as XML attribute text. */
    public static String escape(Object value) {
        return String.valueOf(value).replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    private static String attribute(String name, Object value) {
        return name + "=\"" + escape(value) + "\"";
    }
}
