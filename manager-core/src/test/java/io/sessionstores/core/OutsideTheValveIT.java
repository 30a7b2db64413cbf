package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.InMemorySessionStore;

/**
 * An error page runs in Tomcat's host valve, after the context's pipeline (and
 * the Manager's valve) has returned. Tomcat forwards to it and then closes the response, which the
 * Manager's response wrapper turns into a save; but when the response was already committed,
 * Tomcat includes the error page instead, nothing closes, and what the error page changed was
 * left unsaved. The Manager's request listener now saves it once Tomcat ends the request.
 */
class OutsideTheValveIT {

    private static final String STORE = "outside-the-valve";
    private static TomcatNode a;
    private static TomcatNode b;

    @BeforeAll
    static void startNodes() {
        WebArchive war = SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml(STORE))
                .setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                        + "  <error-page><error-code>404</error-code>"
                        + "<location>/session/create?name=errorPage&amp;value=seen</location></error-page>\n"
                        + "  <error-page><exception-type>jakarta.servlet.ServletException</exception-type>"
                        + "<location>/session/set?name=errorPage&amp;value=included</location></error-page>\n"
                        + "</web-app>\n"));
        a = TomcatNode.start("outside-valve-a", war);
        b = TomcatNode.start("outside-valve-b", war);
    }

    @AfterAll
    static void stopNodes() {
        for (TomcatNode node : new TomcatNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void changeMadeByAnErrorPageIsSaved() {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");

        SessionClient.Response missing = browser.get("no-such-page");
        assertThat(missing.attribute("errorPage")).as("the error page set the attribute").isEqualTo("seen");

        assertThat(browser.get(b.baseUri(), "session/get").attribute("errorPage"))
                .as("on the other node right after the error page").isEqualTo("seen");
    }

    @Test
    void sessionCreatedByAnErrorPageIsStored() {
        SessionClient browser = new SessionClient(a.baseUri());

        SessionClient.Response missing = browser.get("no-such-page");
        assertThat(missing.sessionCookie()).as("cookie of the session the error page created").isPresent();
        assertThat(missing.attribute("errorPage")).isEqualTo("seen");

        assertThat(InMemorySessionStore.records(STORE, a.appName())).containsKey(browser.sessionId());
        SessionClient.Response onB = browser.get(b.baseUri(), "session/get");
        assertThat(onB.status()).as("that session on the other node: %s", onB).isEqualTo(200);
        assertThat(onB.attribute("errorPage")).isEqualTo("seen");
    }

    @Test
    void changeMadeByAnErrorPageIncludedAfterTheResponseWasCommittedIsSaved() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");

        try {
            browser.get("session/fail-after-commit");
        } catch (RuntimeException cut) {
            // Tomcat closes the connection after an included error page: the client may see a cut response
        }

        String seen = null;
        for (int i = 0; i < 40 && seen == null; i++) {
            seen = browser.get(b.baseUri(), "session/get").attribute("errorPage");
            if (seen == null) {
                Thread.sleep(50); // the save runs as Tomcat ends the request, after the connection was cut
            }
        }
        assertThat(seen).as("on the other node after the included error page").isEqualTo("included");
    }
}
