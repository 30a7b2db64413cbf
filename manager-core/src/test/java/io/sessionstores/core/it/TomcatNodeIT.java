package io.sessionstores.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link TomcatNode} helper itself, with Tomcat's StandardManager (which keeps sessions in
 * one JVM's memory and, with {@code pathname=""}, nowhere else): two nodes are really two
 * Tomcats, a restart keeps the port, a redeploy gives a new Manager, all on the Tomcat line of
 * the running failsafe execution. A store-backed Manager must turn each "session lost" below
 * into "session kept".
 */
@Tag(InContainerTest.TAG)
class TomcatNodeIT {

    private static final WebArchive WAR = SessionTestApp.war(SessionTestApp.STANDARD_MANAGER);

    @Test
    void twoNodesAreTwoTomcatsWithTheirOwnSessions() {
        try (TomcatNode a = TomcatNode.start("node-a", WAR); TomcatNode b = TomcatNode.start("node-b", WAR)) {
            assertThat(a.port()).isNotEqualTo(b.port()).isPositive();
            SessionClient client = new SessionClient(a.baseUri());
            String id = client.get("session/create").id();

            SessionClient.Response onB = client.get(b.baseUri(), "session/get");

            assertThat(onB.status()).as("StandardManager session %s asked of node b: %s", id, onB).isEqualTo(404);
            assertThat(client.get("session/get").id()).as("node a still serves it").isEqualTo(id);
            assertThat(a.appName()).isEqualTo("/Catalina/localhost/app");
        }
    }

    @Test
    void nodeRunsTheTomcatThisExecutionPromises() {
        try (TomcatNode node = TomcatNode.start("node-version", WAR)) {
            String serverNumber = new SessionClient(node.baseUri()).get("info").json().get("serverNumber").asText();

            assertThat(serverNumber).startsWith(System.getProperty("sessionstores.expected.tomcat") + ".");
        }
    }

    @Test
    void restartKeepsThePortAndStartsAFreshManager() {
        try (TomcatNode node = TomcatNode.start("node-restart", WAR)) {
            int port = node.port();
            SessionClient client = new SessionClient(node.baseUri());
            client.get("session/create");

            node.restart();

            assertThat(node.port()).isEqualTo(port);
            assertThat(client.get("session/get").status()).as("StandardManager session after restart").isEqualTo(404);
            assertThat(client.get("session/create").status()).isEqualTo(200);
        }
    }

    @Test
    void redeployReplacesTheManager() {
        try (TomcatNode node = TomcatNode.start("node-redeploy", WAR)) {
            SessionClient client = new SessionClient(node.baseUri());
            client.get("session/create");
            Object managerBefore = node.context().getManager();

            node.redeploy();

            assertThat(node.context().getManager()).isNotSameAs(managerBefore);
            assertThat(client.get("session/get").status()).as("StandardManager session after redeploy").isEqualTo(404);
        }
    }

    @Test
    void nodeWithNamingServesJndiEntriesAcrossRestart() {
        WebArchive war = SessionTestApp.war(ContextXml.standardManager()
                .inContext("<Environment name=\"greeting\" value=\"hello\" type=\"java.lang.String\"/>").xml());
        try (TomcatNode node = TomcatNode.startWithNaming("node-naming", war)) {
            SessionClient client = new SessionClient(node.baseUri());
            assertThat(client.get("info?jndi=greeting").json().get("jndi").asText()).isEqualTo("hello");

            node.restart();

            assertThat(client.get("info?jndi=greeting").json().get("jndi").asText()).isEqualTo("hello");
        }
    }

    @Test
    void earlyFinishDeliversTheResponseBeforeTheServletReturns() {
        try (TomcatNode node = TomcatNode.start("node-early-finish", WAR)) {
            SessionClient client = new SessionClient(node.baseUri());
            client.get("session/create");

            long start = System.nanoTime();
            SessionClient.Response closed = client.get("session/set?name=x&value=1&finish=close&linger=3000");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(closed.attribute("x")).isEqualTo("1");
            assertThat(millis).as("ms until the closed response arrived; the servlet lingers 3000 ms").isLessThan(2_000);
        }
    }
}
