package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.samples.webapp.LibrariesServlet;
import io.sessionstores.testsupport.MariaDbTest;
import io.sessionstores.testsupport.TestServices;

/**
 * Every sample as an operator installs it, on real Tomcat 10.1 and 11 distributions (the zips
 * from Maven Central, started with {@code bin/catalina.sh run}): the backend's drop-in
 * {@code -all} jar (and the JDBC driver) in {@code lib/}, the sample's {@code context.xml} as
 * {@code conf/Catalina/localhost/<sample>.xml} (and its {@code redisson.yaml} in {@code conf/}), a web
 * application in {@code webapps/} that bundles its own, different Jackson and Netty. A session
 * survives a restart of its Tomcat and, on the shared stores, a second Tomcat serves it; the web
 * application sees its own Jackson and Netty, not the drop-in jar's. The Cluster and Sentinel
 * samples run against a 3-master Cluster and a Sentinel set-up started on loopback ports 7501-7506. The Redis hash sample runs
 * with Redisson's native epoll transport, which must load from the relocated jar.
 */
class DistributionIT {

    private static final String TABLE = Samples.table(DistributionIT.class);
    private static final Path DIST = Samples.dist();
    private static final String WEBAPP_JACKSON = System.getProperty("sessionstores.webapp.jackson", "2.17.2");
    private static final String WEBAPP_NETTY = System.getProperty("sessionstores.webapp.netty", "4.1.118.Final");

    /** Loopback ports of the Cluster (3 masters) and of the Sentinel set-up (master, replica, sentinel). */
    private static final int[] CLUSTER_PORTS = {7501, 7502, 7503};
    private static final int SENTINEL_MASTER_PORT = 7504;
    private static final int SENTINEL_PORT = 7506;
    /** Where these machines have a JDK 25 ({@code JAVA25_HOME} names another). */
    private static final String DEFAULT_JAVA25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    /**
     * Samples whose node B also runs Tomcat's manager webapp on Tomcat 11 (one per store: JDBC,
     * cached-JDBC, Redis hash, string and Cluster), and the one whose B is restarted first.
     */
    /**
     * The samples whose node B also runs Tomcat's manager webapp: one SQL store and one Redis
     * store (with a restart of B). What the webapp sees goes through the store-independent
     * StoredSessions over each store's scan and lookup, which the store contract checks on every
     * store and topology; each manager webapp case costs some 20 s of deploy and JSP compile.
     */
    private static final Set<String> MANAGER_WEBAPP_SAMPLES = Set.of("jdbc-postgresql", "redis-hash");
    private static final String MANAGER_WEBAPP_RESTART_SAMPLE = "redis-hash";
    private static final Pattern SESSION_COUNT = Pattern.compile(": \\[(\\d+)\\] sessions");

    private static SampleTopologies cluster;
    private static SampleTopologies sentinel;

    private final List<TomcatDistribution> nodes = new ArrayList<>();

    @BeforeAll
    static void dropTablesAndStartRedisTopologies() throws Exception {
        drop(Samples.postgresUrl());
        if (MariaDbTest.Condition.enabled()) {
            drop(Samples.mariaDbUrl());
        }
        cluster = SampleTopologies.cluster(CLUSTER_PORTS);
        sentinel = SampleTopologies.sentinel(SENTINEL_MASTER_PORT, SENTINEL_PORT);
    }

    @AfterAll
    static void dropTablesAndStopRedisTopologies() throws Exception {
        drop(Samples.postgresUrl());
        if (MariaDbTest.Condition.enabled()) {
            drop(Samples.mariaDbUrl());
        }
        for (SampleTopologies topology : new SampleTopologies[] {cluster, sentinel}) {
            if (topology != null) {
                topology.close();
            }
        }
    }

    /**
     * Every sample on the newest Tomcat; on the older line (10.1), one sample of each jar and the
     * demo's H2: the samples differ in their {@code context.xml} and servers, not in what they ask
     * of Tomcat, and the Manager's Tomcat API is checked on both lines by every in-container test.
     */
    static Stream<Arguments> samplesOnEachTomcat() {
        List<Arguments> all = new ArrayList<>();
        String[] versions = System.getProperty("sessionstores.dist.versions", "10.1.60,11.0.25").split(",");
        for (int i = 0; i < versions.length; i++) {
            List<String> samples = i == versions.length - 1
                    ? List.of("jdbc-h2", "jdbc-postgresql", "jdbc-mariadb", "redis-hash", "redis-string", "redis-cluster",
                            "redis-sentinel", "cached-jdbc-postgresql")
                    : List.of("jdbc-h2", "jdbc-postgresql", "redis-hash");
            for (String sample : samples) {
                all.add(Arguments.of(sample, versions[i].trim()));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on Tomcat {1}")
    @MethodSource("samplesOnEachTomcat")
    void sampleKeepsSessionsAcrossRestartsAndNodesBesideTheWebappsOwnLibraries(String sample, String version) {
        if (sample.equals("jdbc-mariadb")) {
            assumeTrue(MariaDbTest.Condition.enabled(), "no MariaDB answers at " + Samples.mariaDbUrl() + " (-Pmariadb requires one)");
        }
        keepsSessions(sample, version, null);
    }

    /**
     * The drop-in jars on the newest Java that people run Tomcat 11 on: the Redis hash sample (Redisson,
     * Netty and its native epoll transport, relocated) and the PostgreSQL sample on Tomcat 11 under
     * the JDK 25 of {@link #java25Home()}.
     */
    @ParameterizedTest(name = "{0} on Tomcat 11 and Java 25")
    @ValueSource(strings = {"redis-hash", "jdbc-postgresql"})
    void sampleRunsOnJava25(String sample) {
        Path java25 = java25Home();
        assumeTrue(java25 != null, "no JDK 25 at " + DEFAULT_JAVA25 + " and no JAVA25_HOME");
        String version = System.getProperty("sessionstores.dist.versions", "10.1.59,11.0.24").split(",")[1].trim();
        TomcatDistribution a = keepsSessions(sample, version, java25);
        assertThat(a.console()).as("the JVM Tomcat ran on").containsPattern("JVM Version:\\s+25[.+]");
    }

    /**
     * {@code JAVA25_HOME}, else {@value #DEFAULT_JAVA25} when it exists, else null; a
     * {@code JAVA25_HOME} that is not a JDK fails rather than skips.
     */
    private static Path java25Home() {
        String named = System.getenv("JAVA25_HOME");
        Path home = Path.of(named == null || named.isBlank() ? DEFAULT_JAVA25 : named);
        if (Files.isExecutable(home.resolve("bin/java"))) {
            return home;
        }
        if (named != null && !named.isBlank()) {
            throw new IllegalStateException("JAVA25_HOME=" + named + " has no bin/java");
        }
        return null;
    }

    /**
     * A session of {@code sample} survives a restart of its Tomcat and (but for H2) is served by a
     * second one, beside the webapp's own libraries; {@code javaHome} null runs Tomcat on the
     * build's JDK. Returns the first node, stopped.
     */
    private TomcatDistribution keepsSessions(String sample, String version, Path javaHome) {
        Path dir = Samples.testDir("dist-" + sample + "-" + version + (javaHome == null ? "" : "-" + javaHome.getFileName()));
        try {
            // each sample its own application: on the shared Redis, hash and string mode would
            // otherwise meet under one layout, which the store rightly refuses to change
            String app = "/" + sample;
            TomcatDistribution a = node(sample, version, dir.resolve("a"), javaHome).start(app + "/info");
            SessionClient client = new SessionClient(a.uri(app));
            String id = client.get("session/create").id();
            assertThat(client.get("session/set?name=sample&value=" + sample).status()).isEqualTo(200);

            JsonNode libraries = client.get("libraries").json();
            assertThat(libraries.path("jackson").asText()).as("Jackson the webapp sees").contains(WEBAPP_JACKSON);
            assertThat(libraries.path("jacksonJar").asText()).as("where it comes from").contains("WEB-INF/lib");
            assertThat(libraries.path("netty").asText()).as("Netty the webapp sees").contains(WEBAPP_NETTY);
            assertThat(libraries.path("nettyJar").asText()).as("where it comes from").contains("WEB-INF/lib");

            a.restart(app + "/info");
            SessionClient.Response afterRestart = client.get("session/get");
            assertThat(afterRestart.status()).as("after a restart: %s\n%s", afterRestart, a.console()).isEqualTo(200);
            assertThat(afterRestart.id()).isEqualTo(id);
            assertThat(afterRestart.attribute("sample")).isEqualTo(sample);

            if (!sample.equals("jdbc-h2")) { // an embedded H2 file belongs to one JVM
                boolean managerWebapp = javaHome == null && version.startsWith("11.")
                        && MANAGER_WEBAPP_SAMPLES.contains(sample);
                TomcatDistribution b = node(sample, version, dir.resolve("b"), javaHome);
                if (managerWebapp) {
                    b.withManagerWebapp(ManagerWebapp.USER, ManagerWebapp.PASSWORD);
                }
                b.start(app + "/info");
                SessionClient.Response onB = client.get(b.uri(app), "session/increment?name=hits");
                assertThat(onB.status()).as("on a second Tomcat: %s\n%s", onB, b.console()).isEqualTo(200);
                assertThat(onB.attribute("sample")).isEqualTo(sample);
                assertThat(client.get(a.uri(app), "session/get").attribute("hits")).as("b's write, read on a")
                        .isEqualTo("1");
                if (managerWebapp) {
                    managerWebappOnBSeesAndChangesASessionOfA(a, b, app, sample.equals(MANAGER_WEBAPP_RESTART_SAMPLE));
                }
            }
            assertThat(a.console()).as("Tomcat's log").doesNotContain("SEVERE");
            return a;
        } finally {
            nodes.forEach(TomcatDistribution::close);
        }
    }

    /**
     * Tomcat's manager webapp on node B, as an operator uses it, on a session node A created and B
     * never served (and, with {@code restartB}, after B restarted): the session list, the text
     * count, the session's page and the JMX proxy's operations answer from the store; "remove
     * attribute" and "invalidate" on B take effect at A's next request; {@code expireSession} of an
     * id with nothing stored says so.
     */
    private static void managerWebappOnBSeesAndChangesASessionOfA(TomcatDistribution a, TomcatDistribution b, String app,
                                                                  boolean restartB) {
        SessionClient onA = new SessionClient(a.uri(app));
        String id = onA.get("session/create?name=colour&value=red").id();
        assertThat(onA.get("session/set?name=size&value=XL").status()).isEqualTo(200);
        if (restartB) {
            b.restart(app + "/info");
        }
        ManagerWebapp manager = new ManagerWebapp(b);

        Set<String> listed = manager.listedIds(app);
        assertThat(listed).as("B's manager webapp session list (restarted: %s)", restartB).contains(id);
        Matcher counts = SESSION_COUNT.matcher(manager.text("sessions?path=" + app));
        int counted = 0;
        while (counts.find()) {
            counted += Integer.parseInt(counts.group(1));
        }
        assertThat(counted).as("sessions /manager/text/sessions counts on B").isEqualTo(listed.size());
        assertThat(manager.sessionPage(app, id)).as("the session's page on B").contains("colour").contains("red")
                .contains("XL");
        String bean = "Catalina:type=Manager,host=localhost,context=" + app;
        assertThat(manager.invoke(bean, "listSessionIds")).as("JMX listSessionIds on B").contains(id);
        assertThat(manager.invoke(bean, "getSessionAttribute", id, "size")).as("JMX getSessionAttribute on B")
                .startsWith("OK").contains("XL");
        String unknown = id.substring(0, 8) + new StringBuilder(id.substring(8)).reverse();
        assertThat(manager.invoke(bean, "expireSession", unknown)).as("JMX expireSession of an id with nothing stored")
                .startsWith("Error").contains("no session");

        manager.removeAttribute(app, id, "colour");
        SessionClient.Response afterRemove = onA.get("session/get");
        assertThat(afterRemove.attribute("colour")).as("the attribute B's manager webapp removed, on A").isNull();
        assertThat(afterRemove.attribute("size")).as("the other attribute, on A").isEqualTo("XL");

        assertThat(manager.invalidate(app, id)).as("B's answer to invalidate").contains("1 sessions invalidated");
        assertThat(onA.get("session/get").status()).as("the session B's manager webapp invalidated, on A")
                .isEqualTo(404);
    }

    /**
     * As jconsole and Prometheus would: the jmx-remote and prometheus samples' files on a Tomcat
     * running the expiry-valve-host sample (a store, the valve on the Host, the analyzer), every
     * MBean of this project read and one operation of each run over an authenticated remote
     * connector (the read-only user may read, not run), and the JMX exporter agent's
     * {@code /metrics} scraped for every metric the sample's Grafana dashboard uses.
     */
    @Test
    void jmxRemoteAndPrometheusSamplesShowEveryMBeanOfThisProject() throws Exception {
        String version = System.getProperty("sessionstores.dist.versions", "10.1.60,11.0.25").split(",")[1].trim();
        Path base = Samples.testDir("dist-jmx-" + version);
        Path sample = Samples.moduleDir().resolve("jmx-remote");
        Path prometheus = Samples.moduleDir().resolve("prometheus");
        String app = "/expiry-valve-host";
        int jmxPort = TomcatDistribution.freePort();
        int metricsPort = TomcatDistribution.freePort();
        try {
            TomcatDistribution node = node("expiry-valve-host", version, base)
                    .serverXml(Samples.moduleDir().resolve("expiry-valve-host").resolve("server.xml"))
                    .write("bin/setenv.sh", Files.readString(sample.resolve("setenv.sh")) + "\n"
                            + Files.readString(prometheus.resolve("setenv.sh")))
                    .copy("conf/jmxremote.password", sample.resolve("jmxremote.password"))
                    .copy("conf/jmxremote.access", sample.resolve("jmxremote.access"))
                    .copy("conf/jmx-exporter.yaml", prometheus.resolve("jmx-exporter.yaml"))
                    .add("agent", Samples.prometheusAgent())
                    .env("SESSIONSTORES_JMX_PORT", String.valueOf(jmxPort))
                    .env("SESSIONSTORES_METRICS_PORT", String.valueOf(metricsPort));
            Files.setPosixFilePermissions(base.resolve("conf/jmxremote.password"), PosixFilePermissions.fromString("rw-------"));
            node.start(app + "/info");
            SessionClient client = new SessionClient(node.uri(app));
            client.get("session/create");
            client.get("session/set?name=a&value=1");
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
            ObjectName manager = new ObjectName("Catalina:type=Manager,host=localhost,context=" + app);
            ObjectName store = new ObjectName("Catalina:type=Store,host=localhost,context=" + app);
            ObjectName analyzer = new ObjectName("Catalina:type=SessionAnalyzer,host=localhost,context=" + app);
            ObjectName saveValve = new ObjectName("Catalina:type=Valve,host=localhost,context=" + app + ",name=SessionSaveValve");

            assertThatThrownBy(() -> JMXConnectorFactory.connect(url, Map.of())).as("without credentials")
                    .isInstanceOf(SecurityException.class);
            try (JMXConnector jmx = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"operator", "change-me-operator"}))) {
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                ObjectName valve = server.queryNames(new ObjectName("Catalina:type=Valve,host=localhost,name=ExpiryValve,*"),
                        null).stream().findFirst().orElseThrow(() -> new AssertionError("no ExpiryValve MBean on the Host"));
                for (ObjectName name : List.of(manager, store, valve, analyzer, saveValve)) {
                    MBeanInfo info = server.getMBeanInfo(name);
                    assertThat(info.getAttributes()).as("attributes of %s", name).isNotEmpty()
                            .allSatisfy(a -> assertThat(a.getDescription()).as("description of %s of %s", a.getName(), name)
                                    .isNotBlank().isNotEqualTo(a.getName()));
                }
                assertThat((Long) server.getAttribute(manager, "saves")).as("saves").isPositive();
                assertThat((Integer) server.getAttribute(manager, "activeSessions")).as("activeSessions").isEqualTo(1);
                server.invoke(manager, "resetStatistics", null, null);
                assertThat((Long) server.getAttribute(manager, "saves")).as("saves after resetStatistics").isZero();

                assertThat(server.getAttribute(store, "sweepRuns")).as("the store's own expiry runs").isNotNull();

                String run = (String) server.invoke(valve, "runNow", null, null);
                assertThat(run).as("what runNow did").isNotBlank();
                assertThat((Long) server.getAttribute(valve, "runs")).as("valve runs after runNow").isPositive();
                assertThat(String.valueOf(server.getAttribute(valve, "leaseHolder"))).as("leaseHolder").contains(
                        "localhost" + app + "=");

                server.invoke(analyzer, "start", new Object[] {0L, ""}, new String[] {"long", "java.lang.String"});
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (Boolean.TRUE.equals(server.getAttribute(analyzer, "running")) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // at least this test's session (the Host valve test may have left its live one)
                assertThat((String) server.getAttribute(analyzer, "lastReportText")).as("the analysis report")
                        .containsPattern("^Processed [1-9]\\d* sessions out of [1-9]\\d* total sessions");
            }
            try (JMXConnector readOnly = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", "change-me-monitor"}))) {
                MBeanServerConnection server = readOnly.getMBeanServerConnection();
                assertThat(server.getAttribute(manager, "loads")).isNotNull();
                assertThatThrownBy(() -> server.invoke(manager, "resetStatistics", null, null))
                        .as("an operation as the read-only user").isInstanceOf(SecurityException.class);
            }
            client.get("session/set?name=b&value=2"); // a write in the latency window
            scrapedMetricsHoldEveryMetricOfTheDashboard(node, metricsPort, prometheus.resolve("grafana-dashboard.json"));
        } finally {
            nodes.forEach(TomcatDistribution::close);
        }
    }

    /**
     * The agent's {@code /metrics} names every metric of the dashboard's queries (so the rules and
     * the dashboard agree with the MBeans), the write latency of the requests just made is there
     * and the stored sessions are counted (-1 until the first background count ends).
     */
    private static void scrapedMetricsHoldEveryMetricOfTheDashboard(TomcatDistribution node, int port, Path dashboard)
            throws Exception {
        Set<String> used = DashboardMetrics.of(dashboard);
        assertThat(used).as("metrics the dashboard uses").isNotEmpty();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build();
        Map<String, Double> samples = Map.of();
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            HttpResponse<String> page = http.send(scrape, HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("GET /metrics: %s", page.body()).isEqualTo(200);
            samples = samples(page.body());
        } while (samples.getOrDefault("sessionstores_stored_sessions", -1.0) < 1 && System.nanoTime() < deadline
                && sleep(200));
        Set<String> names = samples.keySet().stream().map(k -> k.replaceFirst("\\{.*", "")).collect(Collectors.toSet());
        assertThat(names).as("metric names of /metrics\n%s", node.console()).containsAll(used);
        assertThat(samples.get("sessionstores_stored_sessions")).as("stored sessions, counted").isGreaterThanOrEqualTo(1);
        assertThat(samples.entrySet()).as("write latency p99").anySatisfy(e -> {
            assertThat(e.getKey()).startsWith("sessionstores_store_call_latency_milliseconds{").contains("call=\"write\"")
                    .contains("quantile=\"0.99\"");
            assertThat(e.getValue()).isPositive();
        });
    }

    /** The samples of a Prometheus text page: name with labels (as written) -> value; a name alone for the unlabelled. */
    private static Map<String, Double> samples(String page) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            String key = line.substring(0, cut);
            samples.put(key, Double.parseDouble(line.substring(cut + 1)));
            samples.putIfAbsent(key.replaceFirst("\\{.*", ""), Double.parseDouble(line.substring(cut + 1)));
        }
        return samples;
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void expiryValveOnTheHostDeletesExpiredSessionsOfItsApplicationAndKeepsLiveOnes() throws Exception {
        String version = System.getProperty("sessionstores.dist.versions", "10.1.60,11.0.25").split(",")[0].trim();
        String sample = "expiry-valve-host";
        String app = "/" + sample;
        String appName = "/Catalina/localhost" + app;
        try {
            TomcatDistribution node = node(sample, version, Samples.testDir("dist-" + sample + "-" + version))
                    .serverXml(Samples.moduleDir().resolve(sample).resolve("server.xml"))
                    .property("sessionstores.expiry.interval", "1")
                    .property("sessionstores.background.delay", "1");
            node.start(app + "/info");
            SessionClient client = new SessionClient(node.uri(app));
            String live = client.get("session/create").id();
            assertThat(client.get("session/set?name=kept&value=yes").status()).isEqualTo(200);
            long longAgo = System.currentTimeMillis() - 3_600_000;
            try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO " + TABLE + " (app, id, expires_at, last_access, max_inactive, version,"
                        + " stored_bytes, raw_bytes, data) VALUES ('" + appName + "', 'EXPIRED0000000000000000000000000', "
                        + longAgo + ", " + (longAgo - 1_800_000) + ", 1800, 1, 4, 4, '\\x53534601')");
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (rows(appName, "EXPIRED0000000000000000000000000") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(rows(appName, "EXPIRED0000000000000000000000000")).as("the expired record, after the Host's valve ran\n%s",
                    node.console()).isZero();
            assertThat(rows(appName, live)).as("the live session").isEqualTo(1);
            assertThat(client.get("session/get").attribute("kept")).isEqualTo("yes");
            assertThat(node.console()).as("Tomcat's log").doesNotContain("SEVERE");
        } finally {
            nodes.forEach(TomcatDistribution::close);
        }
    }

    private static int rows(String app, String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl());
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE app = ? AND id = ?")) {
            ps.setString(1, app);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A Tomcat of {@code version} set up as the sample's README says, with the test webapp. */
    private TomcatDistribution node(String sample, String version, Path base) {
        return node(sample, version, base, null);
    }

    /** {@link #node(String, String, Path)} on the JDK in {@code javaHome} (null: the build's). */
    private TomcatDistribution node(String sample, String version, Path base, Path javaHome) {
        TomcatDistribution node = TomcatDistribution.create(version, base);
        nodes.add(node);
        if (javaHome != null) {
            node.env("JAVA_HOME", javaHome.toString());
        }
        Path sampleDir = Samples.moduleDir().resolve(sample);
        node.copy("conf/Catalina/localhost/" + sample + ".xml", sampleDir.resolve("context.xml"));
        if (sample.startsWith("jdbc-") || sample.equals("expiry-valve-host")) {
            node.add("lib", Samples.dropIn("jdbc")).add("lib", Samples.driver(sample));
        } else if (sample.startsWith("cached-jdbc-")) { // the Redis jar holds the JDBC store too
            node.add("lib", Samples.dropIn("redis")).add("lib", Samples.driver(sample));
        } else {
            node.add("lib", Samples.dropIn("redis"));
        }
        if (Files.exists(sampleDir.resolve("redisson.yaml"))) {
            node.copy("conf/redisson.yaml", sampleDir.resolve("redisson.yaml"));
        }
        if (sample.equals("redis-hash")) {
            epoll(node);
        }
        settings().forEach(node::property);
        cluster.properties().forEach(node::property);
        sentinel.properties().forEach(node::property);
        node.property("sessionstores.h2.url", "jdbc:h2:file:" + base.resolve("h2/sessions"));
        SessionTestApp.exportTo(webapp(sample), base.resolve("webapps"));
        return node;
    }

    /** The sample's settings for this machine's services ({@code ${...}} in its files). */
    private static Map<String, String> settings() {
        return Map.of("sessionstores.table", TABLE,
                "sessionstores.pg.url", Samples.postgresUrl(),
                "sessionstores.mariadb.url", Samples.mariaDbUrl(),
                "sessionstores.redis.host", TestServices.redisHost(),
                "sessionstores.redis.port", String.valueOf(TestServices.redisPort()));
    }

    /** Switches the node's Redisson client to the native epoll transport. */
    private static void epoll(TomcatDistribution node) {
        Path yaml = node.base().resolve("conf/redisson.yaml");
        try {
            Files.writeString(yaml, Files.readString(yaml) + "\ntransportMode: \"EPOLL\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test webapp, with {@code <Context/>} of its own and other Jackson and Netty versions in WEB-INF/lib. */
    private static WebArchive webapp(String name) {
        WebArchive war = SessionTestApp.war(name, "<Context/>").addClass(LibrariesServlet.class);
        try (Stream<Path> jars = Files.list(DIST.resolve("webapp-lib"))) {
            jars.forEach(jar -> war.addAsLibrary(jar.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("no webapp libraries in " + DIST.resolve("webapp-lib"), e);
        }
        return war;
    }

    private static void drop(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }
}
