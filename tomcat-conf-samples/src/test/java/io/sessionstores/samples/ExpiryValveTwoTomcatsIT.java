package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.catalina.Valve;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.sessionstores.core.expiry.ExpiryValve;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.jdbc.JdbcSessionStore;

/**
 * The expiry valve on two Tomcats sharing one PostgreSQL table: node a configures it in its
 * context.xml, node b on its Host (covering the context). They never both hold the lease, the
 * holder deletes every expired row while requests go on, and nothing else goes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpiryValveTwoTomcatsIT {

    private static final long MINUTE = 60_000;

    private final String table = Samples.table(getClass());
    private TomcatNode a;
    private TomcatNode b;
    private ExpiryValve valveA;
    private ExpiryValve valveB;

    @BeforeAll
    void startNodes() throws SQLException {
        drop();
        a = TomcatNode.start("expiry-a", SessionTestApp.war(contextXml(
                "  <Valve className=\"io.sessionstores.core.expiry.ExpiryValve\" interval=\"3600\" batchSize=\"50\"/>\n")));
        b = TomcatNode.start("expiry-b", SessionTestApp.war(contextXml("")));
        ExpiryValve onHost = new ExpiryValve();
        onHost.setInterval(3600);
        onHost.setBatchSize(50);
        b.context().getParent().getPipeline().addValve(onHost);
        valveA = find(a.context().getPipeline().getValves());
        valveB = onHost;
    }

    @AfterAll
    void stopNodes() throws SQLException {
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        drop();
    }

    @Test
    @Order(1)
    void oneValveDeletesEveryExpiredRowWhileRequestsGoOnAndNothingElseGoes() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        assertThat(browser.get("session/create").status()).isEqualTo(200);
        insertRows(2_000, expiredBeyondTheGrace());
        insertRows(1, null);
        AtomicBoolean load = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<List<Integer>> requests = pool.submit(() -> requestsWhile(browser, load));
            for (int round = 0; round < 5; round++) {
                CompletableFuture<String> runA = CompletableFuture.supplyAsync(valveA::runNow, pool);
                CompletableFuture<String> runB = CompletableFuture.supplyAsync(valveB::runNow, pool);
                assertThat(List.of(runA.get(60, TimeUnit.SECONDS), runB.get(60, TimeUnit.SECONDS)))
                        .as("round %s: one valve holds the lease, the other says so", round)
                        .filteredOn(line -> line.contains("another node holds the expiry lease")).hasSize(1);
            }
            load.set(false);
            assertThat(requests.get(60, TimeUnit.SECONDS)).as("statuses of requests during the runs").containsOnly(200);
        } finally {
            load.set(false);
            pool.shutdownNow();
        }

        assertThat(List.of(valveA.getTotalDeleted(), valveB.getTotalDeleted())).as("rows deleted by valves a and b")
                .containsExactlyInAnyOrder(2_000L, 0L);
        ExpiryValve holder = valveA.getTotalDeleted() > 0 ? valveA : valveB;
        assertThat(valveA.getLeaseHolder()).isEqualTo(covered() + "=" + holder.getOwner());
        assertThat(valveB.getLeaseHolder()).isEqualTo(valveA.getLeaseHolder());
        assertThat(countRows("expires_at IS NULL")).as("never-expiring row").isEqualTo(1);
        assertThat(countRows("expires_at IS NOT NULL")).as("live session rows").isEqualTo(1);
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("the live session on node b").isEqualTo(200);
    }

    @Test
    @Order(2)
    void storesDeleteNothingThemselvesWhileAValveCoversThem() throws Exception {
        insertRows(10, expiredBeyondTheGrace());

        a.context().getManager().backgroundProcess();
        b.context().getManager().backgroundProcess();

        assertThat(countRows("expires_at < " + System.currentTimeMillis())).as("expired rows after the Managers' runs")
                .isEqualTo(10);
    }

    @Test
    @Order(3)
    void valveIsInJmxAndItsRunNowWorksThere() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("Catalina:type=Valve,name=ExpiryValve,*"), null);
        assertThat(names).as("ExpiryValve MBeans").isNotEmpty();
        ObjectName name = names.iterator().next();

        Object answer = server.invoke(name, "runNow", new Object[0], new String[0]);

        assertThat(answer).asString().contains(covered() + ": ");
        assertThat(server.getAttribute(name, "runs")).as("runs").isNotEqualTo(0L);
        assertThat(server.getAttribute(name, "leaseHolder")).asString().contains(covered() + "=");
    }

    /**
     * The valve's settings are read once at start: a change over JMX (Tomcat's modeler calls the
     * setter even for {@code writeable="false"}) used to answer OK and show a value not in use.
     */
    @Test
    @Order(3)
    void valveSettingsRefuseChangesOverJmxAndShowTheValueInUse() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : server.queryNames(new ObjectName("Catalina:type=Valve,name=ExpiryValve,*"), null)) {
            for (String attribute : List.of("interval", "batchSize", "maxRunMillis", "asyncSupported")) {
                Object shown = server.getAttribute(name, attribute);
                Object other = shown instanceof Boolean b ? !b : (Object) ((Integer) shown + 1);
                assertThatThrownBy(() -> server.setAttribute(name, new Attribute(attribute, other)))
                        .as("setting %s of %s over JMX", attribute, name)
                        .hasStackTraceContaining("Attribute '" + attribute + "' is read once at start");
                assertThat(server.getAttribute(name, attribute)).as("%s shown afterwards", attribute).isEqualTo(shown);
            }
        }
    }

    @Test
    @Order(4)
    void whenTheHoldersValveStopsTheOtherTakesOver() throws Exception {
        valveA.runNow();
        valveB.runNow();
        ExpiryValve holder = valveA.getLeaseHolder().endsWith(valveA.getOwner()) ? valveA : valveB;
        ExpiryValve other = holder == valveA ? valveB : valveA;
        insertRows(7, expiredBeyondTheGrace());

        holder.stop();
        String run = other.runNow();

        assertThat(run).doesNotContain("another node holds");
        assertThat(other.getLeaseHolder()).endsWith("=" + other.getOwner());
        assertThat(countRows("expires_at < " + System.currentTimeMillis())).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private String contextXml(String valve) {
        ContextXml xml = ContextXml.sessionStoreManager().allowWebappClasses()
                .store(JdbcSessionStore.class, "url", Samples.postgresUrl(), "tableName", table, "createSchema", true);
        return (valve.isBlank() ? xml : xml.inContext(valve.trim())).xml();
    }

    /** An expiry the stores delete: a minute beyond their grace ago. */
    private static long expiredBeyondTheGrace() {
        return System.currentTimeMillis() - SessionStore.EXPIRED_RECORD_GRACE_MILLIS - MINUTE;
    }

    /** How the valves name the covered web application: host and context path. */
    private String covered() {
        return b.context().getParent().getName() + b.context().getName();
    }

    private static ExpiryValve find(Valve[] valves) {
        for (Valve v : valves) {
            if (v instanceof ExpiryValve valve) {
                return valve;
            }
        }
        throw new IllegalStateException("no ExpiryValve in the pipeline");
    }

    /** Increments on alternating nodes until {@code load} ends; returns the statuses. */
    private List<Integer> requestsWhile(SessionClient browser, AtomicBoolean load) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; load.get(); i++) {
            statuses.add(browser.get((i % 2 == 0 ? a : b).baseUri(), "session/increment?name=n").status());
        }
        return statuses;
    }

    private void insertRows(int n, Long expiresAt) throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (app, id, expires_at, last_access,"
                     + " max_inactive, version, stored_bytes, raw_bytes, data) VALUES (?, ?, ?, 0, 60, 1, 1, 1, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, a.appName());
                ps.setString(2, "raw-" + System.nanoTime() + "-" + i);
                if (expiresAt == null) {
                    ps.setNull(3, Types.BIGINT);
                } else {
                    ps.setLong(3, expiresAt - i);
                }
                ps.setBytes(4, new byte[] {1});
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private long countRows(String condition) throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(Samples.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("DROP TABLE IF EXISTS " + table + "_lease");
        }
    }
}
