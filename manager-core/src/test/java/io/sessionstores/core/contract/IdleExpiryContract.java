package io.sessionstores.core.contract;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;

import static io.sessionstores.core.it.Nodes.manager;
import static io.sessionstores.core.it.Nodes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import javax.management.DynamicMBean;

import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.tomcat.util.modeler.Registry;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.SessionStore;

/**
 * Expiry decided from one node's copy, on a real store with two Tomcats: node A created the
 * sessions and holds copies that look idle, while node B serves one of them. Tomcat's manager
 * webapp ({@code /manager/text/expire?idle=}: {@code findSessions()}, the idle time, then
 * {@code expire()}) and JMX {@code expireSession} on A must not end the session B serves; a
 * session idle in the store too is ended. Before the check against the store, A's idle-expire
 * deleted the session B served (A judged from its own stale copy, and the compare-and-delete on
 * the version let it through, since B's reads and touches do not change the version).
 *
 * <p>Real time, with a touch window of 1 s (so B's request records its access in the store) and
 * margins for a loaded machine: the waits only make the copies on A look more idle.
 *
 * <p>One subclass per store: it gives the {@code <Store .../>} element. Tagged, so it runs on
 * Tomcat 10.1 and 11 (whose manager servlets both walk {@code findSessions()} this way).
 *
 * <p>Runs on H2, PostgreSQL, MariaDB, Redis hash and string mode (one server and a Cluster) and
 * cached-JDBC ({@code <Store>IdleExpiryIT}). Does not apply to the in-memory test store as a second
 * "node" adds nothing there (both nodes share one JVM map; {@code LocalSessionsTest} covers the
 * engine's side).
 */
@Tag(InContainerTest.TAG)
public abstract class IdleExpiryContract {

    /** Idle time (ms) above which the test's expire counts a session as idle, as {@code idle=} does. */
    private static final long IDLE_MILLIS = 1_000;

    /** The {@code <Store className="..." .../>} element both nodes use. */
    protected abstract String storeElement();

    /** Directory name prefix of this store's nodes. */
    protected abstract String nodeName();

    /** Removes what the test left in the store (called before the nodes stop). */
    protected void cleanUp(SessionStore store) throws Exception {
        // nothing by default
    }

    private String contextXml() {
        return ContextXml.sessionStoreManager().manager("touchWindow", 1).allowWebappClasses().store(storeElement())
                .xml();
    }

    @Test
    void managerWebappIdleExpireOnOneNodeDoesNotEndASessionAnotherNodeServes() throws Exception {
        twoNodes("idle", (a, b, active, idle) -> {
            int expired = expireIdleAsTheManagerWebappDoes(manager(a), IDLE_MILLIS);

            assertThat(ok(active.get(b.baseUri(), "session/get")).attribute("x"))
                    .as("the session B serves, after A's idle-expire").isEqualTo("1");
            assertThat(idle.get(b.baseUri(), "session/get").status())
                    .as("the session idle in the store too, after A's idle-expire").isEqualTo(404);
            assertThat(expired).as("sessions A's idle-expire ended").isEqualTo(1);
        });
    }

    @Test
    void managerServletExpireOnOneNodeDoesNotEndASessionAnotherNodeServes() throws Exception {
        twoNodes("servlet", (a, b, active, idle) -> {
            URI managerText = a.addManagerServlet();
            // idle=0: every session A holds counts as idle by its copy (whole minutes, as Tomcat counts)
            SessionClient admin = new SessionClient(managerText);
            SessionClient.Response expire = admin.get("expire?path=/" + SessionTestApp.NAME + "&idle=0");
            assertThat(expire.body()).as("the manager servlet's answer").startsWith("OK");

            assertThat(ok(active.get(b.baseUri(), "session/get")).attribute("x"))
                    .as("the session B serves, after /manager/text/expire on A").isEqualTo("1");
            assertThat(idle.get(b.baseUri(), "session/get").status())
                    .as("the session idle in the store too, after /manager/text/expire on A").isEqualTo(404);
        });
    }

    @Test
    void jmxExpireSessionOnOneNodeDoesNotEndASessionAnotherNodeServes() throws Exception {
        twoNodes("jmx", (a, b, active, idle) -> {
            DynamicMBean managerOnA = jmx(manager(a));
            String[] signature = {String.class.getName()};
            managerOnA.invoke("expireSession", new Object[] {active.sessionId()}, signature);
            managerOnA.invoke("expireSession", new Object[] {idle.sessionId()}, signature);

            assertThat(ok(active.get(b.baseUri(), "session/get")).attribute("x"))
                    .as("the session B serves, after JMX expireSession on A").isEqualTo("1");
            assertThat(idle.get(b.baseUri(), "session/get").status())
                    .as("the session idle in the store too, after JMX expireSession on A").isEqualTo(404);
        });
    }

    /**
     * The MBean Tomcat's modeler makes of {@code manager} from its {@code mbeans-descriptors.xml},
     * as it registers it. Not looked up in the platform MBeanServer: both nodes run in this JVM
     * under the same name ({@code Catalina:type=Manager,host=localhost,context=/app}), and Tomcat
     * replaces the first registration with the second, so the name would reach B's Manager.
     */
    private static DynamicMBean jmx(Manager manager) throws Exception {
        return Registry.getRegistry(null, null).findManagedBean(manager, manager.getClass(), null).createMBean(manager);
    }

    /** What the test does with two nodes and the two sessions A created. */
    @FunctionalInterface
    private interface Scenario {
        void run(TomcatNode a, TomcatNode b, SessionClient active, SessionClient idle) throws Exception;
    }

    /**
     * Starts A and B, creates two sessions on A, waits until A's copies look idle, has B serve
     * one of them ({@code active}) and runs {@code scenario}.
     */
    private void twoNodes(String name, Scenario scenario) throws Exception {
        WebArchive war = SessionTestApp.war(contextXml());
        try (TomcatNode a = TomcatNode.start(nodeName() + "-" + name + "-a", war);
             TomcatNode b = TomcatNode.start(nodeName() + "-" + name + "-b", war)) {
            try {
                SessionClient active = new SessionClient(a.baseUri());
                ok(active.get("session/create?name=x&value=1"));
                SessionClient idle = new SessionClient(a.baseUri());
                ok(idle.get("session/create?name=x&value=2"));

                Thread.sleep(2 * IDLE_MILLIS + 500); // past the touch window and the idle limit, on A's copies
                ok(active.get(b.baseUri(), "session/get")); // B serves it and records the access in the store

                scenario.run(a, b, active, idle);
            } finally {
                cleanUp((SessionStore) manager(a).getStore());
            }
        }
    }

    /**
     * As Tomcat's {@code ManagerServlet.expireSessions} does: every session the Manager holds
     * ({@code findSessions()}), its idle time, {@code expire()} when it is at least the limit.
     *
     * @return the sessions that were valid before and are not after their {@code expire()}
     */
    private static int expireIdleAsTheManagerWebappDoes(Manager manager, long idleMillis) {
        int ended = 0;
        for (Session s : manager.findSessions()) {
            if (s.getIdleTimeInternal() >= idleMillis) {
                s.expire();
                if (!s.isValid()) {
                    ended++;
                }
            }
        }
        return ended;
    }
}
