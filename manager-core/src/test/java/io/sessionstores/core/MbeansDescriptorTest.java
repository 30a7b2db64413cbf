package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.tomcat.util.modeler.AttributeInfo;
import org.apache.tomcat.util.modeler.ManagedBean;
import org.apache.tomcat.util.modeler.Registry;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.sessionstores.core.engine.ManagerStats;

/** The Manager's JMX descriptor: what jconsole lets an operator change. */
class MbeansDescriptorTest {

    /** Attribute name to its {@code writeable} flag, as the descriptor declares them. */
    private static Map<String, Boolean> attributes() throws Exception {
        try (InputStream in = SessionStoreManager.class.getResourceAsStream("mbeans-descriptors.xml")) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nodes = factory.newDocumentBuilder().parse(in).getElementsByTagName("attribute");
            Map<String, Boolean> result = new HashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                result.put(e.getAttribute("name"), !"false".equals(e.getAttribute("writeable")));
            }
            return result;
        }
    }

    /**
     * These were writable in jconsole although the Manager reads them once, at
     * start; a change there did nothing.
     */
    @Test
    void settingsFrozenAtStartAreReadOnlyInJmx() throws Exception {
        Map<String, Boolean> attributes = attributes();
        for (String frozen : new String[] {"sessionAttributeNameFilter", "sessionAttributeValueClassNameFilter",
                "persistAuthentication", "codec", "allowedClassNames", "sticky", "saveMode", "touchWindow",
                "maxSaveRetries", "stickyMaxAge", "maxIdleCopies", "compressMinLength", "maxDecodedSize"}) {
            assertThat(attributes).as("attribute %s", frozen).containsEntry(frozen, false);
        }
    }

    /** jconsole showed the save valve with no description, and its attributes named only by themselves. */
    @Test
    void saveValveHasADescriptionAndEveryAttributeOneOfItsOwn() throws Exception {
        ManagedBean valve = Registry.getRegistry(null, null)
                .findManagedBean(new SessionSaveValve(new SessionStoreManager()), SessionSaveValve.class, null);
        assertThat(valve.getDescription()).as("the valve's description").contains("request valve");
        assertThat(valve.getAttributes()).extracting(AttributeInfo::getName).filteredOn(n -> !n.equals("modelerType"))
                .as("the descriptor's attributes, not the modeler's own").containsExactlyInAnyOrder("className", "stateName",
                        "asyncSupported");
        assertThat(valve.getAttributes()).allSatisfy(a -> assertThat(a.getDescription()).as("description of %s", a.getName())
                .isNotBlank().isNotEqualTo(a.getName()));
    }

    /** Every attribute of the Manager says what it shows: jconsole and the Prometheus exporter show the text. */
    @Test
    void everyManagerAttributeHasADescription() throws Exception {
        ManagedBean manager = Registry.getRegistry(null, null)
                .findManagedBean(new SessionStoreManager(), SessionStoreManager.class, null);
        assertThat(manager.getAttributes()).extracting(AttributeInfo::getName).contains("storedSessions",
                "readMillisP50", "readMillisP99", "readMillisMax", "writeMillisP99", "touchMillisP99", "deleteMillisMax");
        assertThat(manager.getAttributes()).allSatisfy(a -> assertThat(a.getDescription())
                .as("description of %s", a.getName()).isNotBlank().isNotEqualTo(a.getName()));
    }

    /** The latency attributes the descriptor lists are those the Manager's MBean answers, p50, p99 and max of each call. */
    @Test
    void everyLatencyAttributeOfTheDescriptorIsAnswered() throws Exception {
        ManagerStats stats = new ManagerStats();
        List<String> latency = attributes().keySet().stream().filter(n -> n.matches(".*Millis(P50|P99|Max)")).sorted().toList();
        assertThat(latency).hasSize(12);
        assertThat(latency).allSatisfy(n -> assertThat(stats.latencyAttribute(n)).as(n).isNotNull());
        assertThat(stats.latencyAttribute("averageStoreMillis")).isNull();
        assertThat(stats.latencyAttribute("readMillisP42")).isNull();
    }

    @Test
    void copiesHeldAndEvictionsAreVisible() throws Exception {
        assertThat(attributes()).containsKeys("activeSessions", "evictions", "expiryRunsCut", "maxIdleCopies");
    }
}
