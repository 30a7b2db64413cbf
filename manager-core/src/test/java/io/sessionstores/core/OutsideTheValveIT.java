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
 * Issue 9, item 6, pinned as the README documents it ("What is saved, and what is not"): an
 * error page runs in Tomcat's host valve, after the context's pipeline (and the Manager's valve)
 * has returned, so what it changes is not written by that request. A change to a session the
 * node already holds is written by the next request for that session on the same node (its bytes
 * differ from the stored ones); a session the error page creates is never stored, and its cookie
 * leads elsewhere to no session.
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
    void changeMadeByAnErrorPageIsWrittenOnlyByTheNextRequestOnTheSameNode() {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create");

        SessionClient.Response missing = browser.get("no-such-page");
        assertThat(missing.attribute("errorPage")).as("the error page set the attribute").isEqualTo("seen");

        assertThat(browser.get(b.baseUri(), "session/get").attribute("errorPage"))
                .as("on the other node right after the error page: not stored").isNull();
        browser.get(a.baseUri(), "session/get");
        assertThat(browser.get(b.baseUri(), "session/get").attribute("errorPage"))
                .as("on the other node after the next request on the first one").isEqualTo("seen");
    }

    @Test
    void sessionCreatedByAnErrorPageIsNeverStored() {
        SessionClient browser = new SessionClient(a.baseUri());

        SessionClient.Response missing = browser.get("no-such-page");
        assertThat(missing.sessionCookie()).as("cookie of the session the error page created").isPresent();
        assertThat(missing.attribute("errorPage")).isEqualTo("seen");

        assertThat(InMemorySessionStore.records(STORE, a.appName())).doesNotContainKey(browser.sessionId());
        assertThat(browser.get(b.baseUri(), "session/get").status()).as("that session on the other node")
                .isEqualTo(404);
    }
}
