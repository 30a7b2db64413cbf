package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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

    @Test
    void copiesHeldAndEvictionsAreVisible() throws Exception {
        assertThat(attributes()).containsKeys("activeSessions", "evictions", "expiryRunsCut", "maxIdleCopies");
    }
}
