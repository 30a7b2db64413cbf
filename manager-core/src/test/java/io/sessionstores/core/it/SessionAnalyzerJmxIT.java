package io.sessionstores.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstores.core.store.SessionIds;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The size analyzer as an operator reaches it: a real Tomcat with the project's Manager, a remote
 * JMX connector on a loopback port (what jconsole connects to), sessions made over HTTP. The
 * analyzer sits beside the Manager, runs and reports through JMX alone, and leaves JMX with the
 * context.
 */
class SessionAnalyzerJmxIT {

    private static final WebArchive WAR = SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml("it-analyzer-jmx"));
    private static final String BIG = "x".repeat(15_000);

    private static TomcatNode node;
    private static Registry rmiRegistry;
    private static JMXConnectorServer connectorServer;
    private static JMXConnector connector;
    private static MBeanServerConnection jmx;

    @BeforeAll
    static void startTomcatAndJmxConnector() throws Exception {
        node = TomcatNode.start("analyzer-jmx", WAR);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        rmiRegistry = LocateRegistry.createRegistry(port);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1/jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(url, null,
                ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
        connector = JMXConnectorFactory.connect(url);
        jmx = connector.getMBeanServerConnection();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (connectorServer != null) {
            connectorServer.stop();
        }
        if (rmiRegistry != null) {
            UnicastRemoteObject.unexportObject(rmiRegistry, true);
        }
        if (node != null) {
            node.close();
        }
    }

    private static ObjectName analyzerName() throws Exception {
        Set<ObjectName> names = jmx.queryNames(new ObjectName("*:type=SessionAnalyzer,context=/"
                + SessionTestApp.NAME + ",*"), null);
        assertThat(names).as("analyzer MBeans of /%s", SessionTestApp.NAME).hasSize(1);
        return names.iterator().next();
    }

    private static String newSession(String attribute, String value) {
        SessionClient client = new SessionClient(node.baseUri());
        client.get("session/create");
        assertThat(client.get("session/set?name=" + attribute + "&value=" + value).status()).isEqualTo(200);
        return client.sessionId();
    }

    private static JsonNode runToEnd(ObjectName name, long biggerThan, String ids) throws Exception {
        Object answer = jmx.invoke(name, "start", new Object[] {biggerThan, ids},
                new String[] {long.class.getName(), String.class.getName()});
        assertThat(String.valueOf(answer)).as("answer of start").startsWith("Started");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((Boolean) jmx.getAttribute(name, "running")) {
            assertThat(System.nanoTime() - deadline).as("analysis still running after 30 s").isNegative();
            Thread.sleep(20);
        }
        assertThat(jmx.getAttribute(name, "lastError")).as("lastError").isNull();
        return new ObjectMapper().readTree((String) jmx.getAttribute(name, "lastReportJson"));
    }

    @Test
    void analyzerSitsBesideTheManagerWithItsDescriptor() throws Exception {
        ObjectName name = analyzerName();
        ObjectName manager = new ObjectName(name.getDomain(), "type", "Manager");
        assertThat(name.getKeyProperty("host")).as("host key, as the Manager's").isEqualTo(TomcatNode.HOST);
        assertThat(jmx.queryNames(new ObjectName(name.getDomain() + ":type=Manager,host=" + TomcatNode.HOST
                + ",context=/" + SessionTestApp.NAME), null)).as("the Manager beside it: %s", manager).hasSize(1);
        assertThat(jmx.getMBeanInfo(name).getDescription()).as("description from mbeans-descriptors.xml")
                .contains("Session size analysis");
    }

    @Test
    void analysisOverJmxReportsTheBigSessionsAndTheMissingIds() throws Exception {
        String big1 = newSession("report", BIG);
        String big2 = newSession("report", BIG);
        String small = newSession("user", "alice");
        ObjectName name = analyzerName();

        JsonNode bigger = runToEnd(name, 10_240, "");

        assertThat(bigger.get("processed").asLong()).as("sessions over 10240 bytes").isEqualTo(2);
        assertThat(bigger.get("keys").get(0).get("name").asText()).isEqualTo("report");
        assertThat(bigger.get("compressionRatio").asDouble()).as("15000 x's compress").isGreaterThan(10);
        assertThat((String) jmx.getAttribute(name, "lastReportText")).startsWith("Processed 2 sessions out of ");
        assertThat((Long) jmx.getAttribute(name, "processed")).as("progress").isPositive();

        String missing = "0123456789ABCDEF0123456789ABCDEF";
        JsonNode byIds = runToEnd(name, 0, big1 + ", " + small + "\n" + missing);

        assertThat(byIds.get("processed").asLong()).as("live sessions among the ids").isEqualTo(2);
        assertThat(byIds.get("missingIds").get(0).asText()).isEqualTo(SessionIds.hash(missing));
        assertThat(byIds.get("largest").get(0).get("idHash").asText()).isEqualTo(SessionIds.hash(big1))
                .isNotEqualTo(SessionIds.hash(big2));
    }

    @Test
    void analyzerLeavesJmxWhenTheContextStopsAndComesBackWithIt() throws Exception {
        ObjectName pattern = new ObjectName("*:type=SessionAnalyzer,context=/" + SessionTestApp.NAME + ",*");

        node.context().stop();
        try {
            assertThat(jmx.queryNames(pattern, null)).as("analyzer of a stopped context").isEmpty();
        } finally {
            node.context().start();
        }

        assertThat(jmx.queryNames(pattern, null)).as("analyzer of the restarted context").hasSize(1);
    }
}
