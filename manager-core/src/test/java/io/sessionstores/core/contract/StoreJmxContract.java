package io.sessionstores.core.contract;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;

import static io.sessionstores.core.it.Nodes.manager;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.SessionStore;

/**
 * On a real store in a real Tomcat, so that an operator can watch the store's own work: the store is in JMX beside its Manager
 * ({@code type=Store}), described by the {@code mbeans-descriptors.xml} of its package, and its
 * own expiry run (Tomcat's background thread) shows there: last run, sessions removed, time,
 * errors. The descriptor describes every public getter of the store except those named in
 * {@link #undisclosed()} (with the reason), and nothing else.
 *
 * <p>One subclass per store: it gives the {@code <Store .../>} element.
 *
 * <p>Runs once per store class: the JDBC store on H2, PostgreSQL and MariaDB, the Redis store in
 * hash mode, the cached-JDBC store ({@code <Store>StoreJmxIT}). Does not apply to the in-memory
 * test store (no descriptor: it is not shipped) nor to Redis string mode (the same class, and no
 * sweep whose figures the suite checks); a Cluster adds nothing to what JMX shows.
 */
public abstract class StoreJmxContract {

    private static final String EXPIRED_ID = "5EED0000000000000000000000000001";
    private static final long TEN_MINUTES = 600_000;

    /** The {@code <Store className="..." .../>} element. */
    protected abstract String storeElement();

    /** The store class. */
    protected abstract Class<? extends SessionStore> storeClass();

    /** Getters deliberately left out of JMX, each with its reason. */
    protected abstract Map<String, String> undisclosed();

    /** Directory name prefix of the node. */
    protected abstract String nodeName();

    /** Removes what the test left in the store. */
    protected void cleanUp(SessionStore store) throws Exception {
        // nothing by default
    }

    @Test
    void descriptorDescribesEveryGetterOfTheStoreAndNothingElse() throws Exception {
        Set<String> getters = new TreeSet<>();
        for (Method m : storeClass().getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class
                    && (m.getName().startsWith("get") && m.getName().length() > 3
                    || m.getName().startsWith("is") && m.getReturnType() == boolean.class)) {
                String bare = m.getName().substring(m.getName().startsWith("is") ? 2 : 3);
                getters.add(Character.toLowerCase(bare.charAt(0)) + bare.substring(1));
            }
        }
        getters.removeAll(undisclosed().keySet());
        assertThat(described().keySet()).as("attributes of %s's mbeans-descriptors.xml", storeClass().getSimpleName())
                .containsExactlyInAnyOrderElementsOf(getters);
    }

    @Test
    void storeIsInJmxBesideItsManagerWithItsOwnExpiryFigures() throws Exception {
        try (TomcatNode node = TomcatNode.start(nodeName() + "-jmx", SessionTestApp.war(contextXml()))) {
            SessionStore store = (SessionStore) manager(node).getStore();
            try {
                long now = System.currentTimeMillis();
                store.write(Frames.record(EXPIRED_ID, 1, now - TEN_MINUTES, "expired"), 0);
                manager(node).backgroundProcess(); // Tomcat's background thread: the store's own expiry

                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                ObjectName managerName = manager(node).getObjectName();
                ObjectName name = storeName(managerName);
                assertThat(jmx.isRegistered(name)).as("%s registered", name).isTrue();
                Set<String> seen = new TreeSet<>();
                for (MBeanAttributeInfo a : jmx.getMBeanInfo(name).getAttributes()) {
                    if (a.getName().equals("modelerType")) {
                        continue; // the modeler's own, on every MBean it registers
                    }
                    seen.add(a.getName());
                    assertThat(a.getDescription()).as("description of %s", a.getName())
                            .isEqualTo(described().get(a.getName()));
                    jmx.getAttribute(name, a.getName()); // readable
                }
                assertThat(seen).as("attributes in JMX").isEqualTo(described().keySet());
                assertThat((Long) jmx.getAttribute(name, "sweepRuns")).as("sweepRuns").isPositive();
                assertThat((Long) jmx.getAttribute(name, "sweepDeleted")).as("sweepDeleted").isEqualTo(1L);
                assertThat((Long) jmx.getAttribute(name, "sweepLastDeleted")).as("sweepLastDeleted").isEqualTo(1L);
                assertThat((String) jmx.getAttribute(name, "sweepLastRun")).as("sweepLastRun").isNotEmpty();
                assertThat((Long) jmx.getAttribute(name, "sweepErrors")).as("sweepErrors").isZero();
                assertThat(store.read(EXPIRED_ID)).as("the expired record").isNull();
            } finally {
                cleanUp(store);
            }
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("*:type=Store,*"), null))
                .as("store MBeans left after the node stopped").isEmpty();
    }

    /**
     * Settings read once at start are read-only in JMX: Tomcat's modeler calls the setter even of
     * an attribute its descriptor marks {@code writeable="false"}, and the Manager's {@code codec}
     * and {@code sticky} and the store's settings used to take the new value, answer OK and show
     * it, while the running code kept the value frozen at start (sessions went on being written
     * with Java serialization while JMX said {@code json}). Now every such attribute of the
     * Manager and the store refuses a change with a message naming it, and shows the value in use.
     */
    @Test
    void readOnlySettingsRefuseChangesOverJmxAndShowTheValueInUse() throws Exception {
        try (TomcatNode node = TomcatNode.start(nodeName() + "-jmx-read-only", SessionTestApp.war(contextXml()))) {
            SessionStore store = (SessionStore) manager(node).getStore();
            try {
                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                ObjectName managerName = manager(node).getObjectName();
                ObjectName name = storeName(managerName);
                assertChangeRefused(jmx, managerName, "codec", "json");
                assertChangeRefused(jmx, managerName, "sticky", true);
                assertChangeRefused(jmx, name, frozenStoreAttribute(), changed(jmx.getAttribute(name, frozenStoreAttribute())));
                assertThat(jmx.getAttribute(managerName, "codec")).as("codec shown").isEqualTo("java");
                assertThat(jmx.getAttribute(managerName, "sticky")).as("sticky shown").isEqualTo(false);

                ObjectName saveValve = new ObjectName(managerName.getDomain() + ":type=Valve,host="
                        + managerName.getKeyProperty("host") + ",context=" + managerName.getKeyProperty("context")
                        + ",name=SessionSaveValve");
                assertChangeRefused(jmx, saveValve, "asyncSupported", false);

                for (String attribute : settableReadOnly(manager(node).getClass())) {
                    assertChangeRefused(jmx, managerName, attribute, changed(jmx.getAttribute(managerName, attribute)));
                }
                for (String attribute : settableReadOnly(storeClass())) {
                    assertChangeRefused(jmx, name, attribute, changed(jmx.getAttribute(name, attribute)));
                }
            } finally {
                cleanUp(store);
            }
        }
    }

    /** A setting of the store that it reads once at start (for example its table or bucket count). */
    protected abstract String frozenStoreAttribute();

    private static void assertChangeRefused(MBeanServer jmx, ObjectName name, String attribute, Object value)
            throws Exception {
        Object shown = jmx.getAttribute(name, attribute);
        assertThatThrownBy(() -> jmx.setAttribute(name, new Attribute(attribute, value)))
                .as("setting %s of %s to %s over JMX", attribute, name, value)
                .hasStackTraceContaining("Attribute '" + attribute + "' is read once at start");
        assertThat(jmx.getAttribute(name, attribute)).as("%s shown after the refused change", attribute)
                .isEqualTo(shown);
    }

    /** Another value of the same type as {@code value}. */
    private static Object changed(Object value) {
        if (value instanceof Integer i) {
            return i + 1;
        }
        if (value instanceof Long l) {
            return l + 1;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        return value == null ? "changed" : value + "-changed";
    }

    private static ObjectName storeName(ObjectName managerName) throws Exception {
        return new ObjectName(managerName.getDomain() + ":type=Store,host=" + managerName.getKeyProperty("host")
                + ",context=" + managerName.getKeyProperty("context"));
    }

    /** Attributes of {@code type}'s descriptor marked {@code writeable="false"} for which the class has a setter. */
    private static Set<String> settableReadOnly(Class<?> type) throws Exception {
        Set<String> result = new TreeSet<>();
        for (Element a : descriptorAttributes(type)) {
            String attribute = a.getAttribute("name");
            String setter = "set" + Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
            boolean hasSetter = false;
            for (Method m : type.getMethods()) {
                hasSetter |= m.getName().equals(setter) && m.getParameterCount() == 1;
            }
            if ("false".equals(a.getAttribute("writeable")) && hasSetter) {
                result.add(attribute);
            }
        }
        return result;
    }

    private String contextXml() {
        return ContextXml.sessionStoreManager().allowWebappClasses().store(storeElement()).xml();
    }

    /** Attribute name -> description, from the descriptor in the store's package. */
    private Map<String, String> described() throws Exception {
        Map<String, String> result = new TreeMap<>();
        for (Element a : descriptorAttributes(storeClass())) {
            result.put(a.getAttribute("name"), a.getAttribute("description"));
        }
        return result;
    }

    /** The {@code <attribute>} elements describing {@code type} in the descriptor of its package. */
    private static List<Element> descriptorAttributes(Class<?> type) throws Exception {
        String path = type.getPackageName().replace('.', '/') + "/mbeans-descriptors.xml";
        try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            NodeList beans = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("mbean");
            List<Element> result = new ArrayList<>();
            for (int i = 0; i < beans.getLength(); i++) {
                Element bean = (Element) beans.item(i);
                if (!bean.getAttribute("type").equals(type.getName())) {
                    continue;
                }
                NodeList attributes = bean.getElementsByTagName("attribute");
                for (int j = 0; j < attributes.getLength(); j++) {
                    result.add((Element) attributes.item(j));
                }
            }
            return result;
        }
    }
}
