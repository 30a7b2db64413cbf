package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.it.LogCapture;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.testsupport.TestServices;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * No password, HMAC key or raw session id in any log line or JMX attribute. A representative run
 * on real Tomcat and PostgreSQL: an HMAC key, a JDBC URL carrying a password, a login through the
 * Realm (session id changed), reads, writes, a wrong password, a corrupt stored record, malformed
 * ids, a store that cannot be reached (its URL with a password too) and a Manager refused at start
 * for a short key. Every line Tomcat logs (all of java.util.logging) and every readable attribute
 * of every MBean are then searched for the secrets and for every session id the run saw.
 */
class SecretsNeverLeakIT {

    private static final String DB_PASSWORD = "Pg-S3cret-pw-4711";
    private static final String DOWN_PASSWORD = "D0wn-S3cret-pw-0815";
    private static final String HMAC_KEY = "Hm4c-S3cret-K3y-0123456789abcdef";
    private static final String SHORT_KEY = "Sh0rt-S3cret";
    private static final String USER_PASSWORD = "Al1ce-S3cret-pw";
    private static final String TABLE = "secrets_never_leak_it";
    private static final int CLOSED_PORT = 7291;

    @Test
    void noSecretAndNoSessionIdInAnyLogLineOrJmxAttribute() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "secrets-it"));
        Path users = dir.resolve("users.xml");
        Files.writeString(users, "<tomcat-users><user username=\"alice\" password=\"" + USER_PASSWORD
                + "\" roles=\"user\"/></tomcat-users>");
        Set<String> ids = new LinkedHashSet<>();
        List<String> jmx;
        try (LogCapture logs = LogCapture.of("")) {
            try (TomcatNode node = TomcatNode.start("secrets", war("secrets", users, pgUrl(DB_PASSWORD), HMAC_KEY));
                 TomcatNode down = TomcatNode.start("secrets-down", war("secrets-down", users,
                         "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/test?user=postgres&password=" + DOWN_PASSWORD
                                 + "&connectTimeout=1", HMAC_KEY))) {
                SessionClient browser = new SessionClient(node.baseUri());
                ids.add(browser.get("session/create").id());
                browser.get("session/set?name=cart&value=book");
                browser.post(node.baseUri(), "session/login", Map.of("name", "alice", "password", "wrong"));
                ids.add(browser.post(node.baseUri(), "session/login",
                        Map.of("name", "alice", "password", USER_PASSWORD)).id());
                ids.add(browser.get("session/change-id").id());
                browser.get("session/get");
                corrupt(node.appName(), browser.sessionId());
                browser.get("session/get");
                ids.add(browser.get("session/create").id());
                browser.get("session/invalidate");
                SessionClient stranger = new SessionClient(node.baseUri());
                for (String bad : List.of("0123456789ABCDEF0123456789ABCDEF.nosuchroute", "'; DROP TABLE x; --")) {
                    stranger.sessionId(bad);
                    stranger.get("session/get");
                }
                SessionClient unlucky = new SessionClient(down.baseUri());
                for (int i = 0; i < 3; i++) {
                    // a new session its store cannot take is refused (503), and no cookie names it
                    SessionClient.Response refused = unlucky.get("session/create");
                    assertThat(refused.status()).as("new session with the store down: %s", refused).isEqualTo(503);
                    assertThat(refused.sessionCookie()).as("cookie of a refused session").isEmpty();
                }
                jmx = everyMBeanAttribute();
                assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("*:type=Store,*"), null))
                        .as("the stores' MBeans, searched too").hasSizeGreaterThanOrEqualTo(2);
            }
            assertThat(startsAvailable(war("secrets-short", users, pgUrl(DB_PASSWORD), SHORT_KEY)))
                    .as("a web application whose Manager has a short key is available").isFalse();
            List<String> lines = logs.lines();
            System.out.printf("[secrets] searched %d log lines and %d JMX attribute values for 5 secrets and %d"
                    + " session ids%n", lines.size(), jmx.size(), ids.size());
            assertThat(lines).as("log lines of the run").isNotEmpty()
                    .anyMatch(line -> line.contains("WARNING") && line.contains("failed"));
            ids.remove(null);
            assertThat(ids).as("session ids the run saw").hasSizeGreaterThanOrEqualTo(3);
            for (String secret : List.of(DB_PASSWORD, DOWN_PASSWORD, HMAC_KEY, SHORT_KEY, USER_PASSWORD)) {
                assertThat(lines).as("log lines holding the secret %s", secret.substring(0, 4))
                        .noneMatch(line -> line.contains(secret));
                assertThat(jmx).as("JMX values holding the secret %s", secret.substring(0, 4))
                        .noneMatch(value -> value.contains(secret));
            }
            for (String id : ids) {
                String core = id.replaceFirst("\\..*", "");
                assertThat(lines).as("log lines holding a session id").noneMatch(line -> line.contains(core));
                assertThat(jmx).as("JMX values holding a session id").noneMatch(value -> value.contains(core));
            }
        } finally {
            try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
                 Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    /** Whether a node serving {@code war} starts with its web application available (Tomcat logs a failed one). */
    private static boolean startsAvailable(WebArchive war) {
        try (TomcatNode node = TomcatNode.start("secrets-short", war)) {
            return node.context().getState().isAvailable();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String pgUrl(String password) {
        return TestServices.postgresUrl() + "&password=" + password;
    }

    private static WebArchive war(String name, Path users, String url, String key) {
        return SessionTestApp.war(name, ContextXml.sessionStoreManager()
                .inContext(ContextXml.element("Realm", "org.apache.catalina.realm.MemoryRealm", "pathname",
                        users.toAbsolutePath()))
                .manager("hmacKey", key)
                .store(JdbcSessionStore.class, "url", url, "tableName", TABLE, "createSchema", true, "queryTimeout", 2,
                        "connectionTimeout", 1000).xml());
    }

    /** Overwrites the stored frame of {@code id} with bytes that are not a frame. */
    private static void corrupt(String app, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + TABLE + " SET data = decode('5353460100', 'hex') WHERE app = '" + app
                    + "' AND id = '" + id + "'");
        }
    }

    /** "name.attribute=value" for every readable attribute of every registered MBean. */
    private static List<String> everyMBeanAttribute() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> values = new ArrayList<>();
        for (ObjectName name : server.queryNames(null, null)) {
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (!attribute.isReadable()) {
                    continue;
                }
                Object value;
                try {
                    value = server.getAttribute(name, attribute.getName());
                } catch (Exception | LinkageError e) {
                    continue; // unsupported attributes of JVM MBeans
                }
                String text = value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
                values.add(name + "." + attribute.getName() + "=" + text);
            }
        }
        return values;
    }
}
