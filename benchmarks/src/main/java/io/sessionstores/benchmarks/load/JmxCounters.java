package io.sessionstores.benchmarks.load;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the benchmark context's Manager MBean ({@code Catalina:type=Manager,...,context=/bench})
 * over remote JMX on a loopback port: {@code reset} calls the Manager's {@code resetStatistics}
 * when it has one (ours does; Tomcat's and Redisson's managers do not), {@code dump} prints every
 * numeric attribute as {@code name=value}, one per line, sorted, and {@code dump-reset} does both
 * (one JVM start per measured run: the counters then cover the time since the last reset);
 * {@code jit} prints the JVM's total JIT compilation time in milliseconds (the warm-up repeats
 * until it stops growing). Usage: {@code JmxCounters <port> reset|dump|dump-reset|jit}.
 */
public final class JmxCounters {

    private JmxCounters() {
    }

    /**
     * Entry point.
     *
     * @param args the JMX port and the action
     * @throws Exception when the connection fails or no Manager MBean is registered
     */
    public static void main(String[] args) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + args[0] + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            if (args[1].equals("jit")) {
                System.out.println(server.getAttribute(new ObjectName("java.lang:type=Compilation"),
                        "TotalCompilationTime"));
                return;
            }
            ObjectName manager = managerOf(server);
            if (args[1].startsWith("dump")) {
                counters(server, manager).forEach((name, value) -> System.out.println(name + "=" + value));
            }
            if (args[1].endsWith("reset")) {
                reset(server, manager);
            }
        }
    }

    private static ObjectName managerOf(MBeanServerConnection server) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName("Catalina:type=Manager,context=/bench,*"), null);
        if (names.isEmpty()) {
            throw new IllegalStateException("no Manager MBean for context /bench");
        }
        return names.iterator().next();
    }

    private static void reset(MBeanServerConnection server, ObjectName manager) throws Exception {
        boolean resettable = Arrays.stream(server.getMBeanInfo(manager).getOperations())
                .anyMatch(operation -> operation.getName().equals("resetStatistics"));
        if (resettable) {
            server.invoke(manager, "resetStatistics", new Object[0], new String[0]);
        }
    }

    private static Map<String, Object> counters(MBeanServerConnection server, ObjectName manager) throws Exception {
        Map<String, Object> counters = new TreeMap<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(manager).getAttributes()) {
            if (!attribute.isReadable()) {
                continue;
            }
            try {
                Object value = server.getAttribute(manager, attribute.getName());
                if (value instanceof Number) {
                    counters.put(attribute.getName(), value);
                }
            } catch (Exception unreadable) {
                // an attribute the Manager cannot give now (e.g. Tomcat's that need a session id)
            }
        }
        return counters;
    }
}
