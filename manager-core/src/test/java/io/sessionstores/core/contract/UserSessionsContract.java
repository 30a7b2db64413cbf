package io.sessionstores.core.contract;

import static io.sessionstores.core.it.Nodes.manager;
import static io.sessionstores.core.it.Nodes.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.UserSessions;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TestRealm;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.SessionStore;

/**
 * Sessions by user with two Tomcats on a store that keeps a user index: alice logs in on both
 * nodes, the Manager of one lists and ends her sessions on both (each session's listeners fire
 * once, on the node that ends it; the other node never serves it again), and
 * {@code maxSessionsPerUser} ends her least recently used session at a third login.
 *
 * <p>One subclass per store: it gives the {@code <Store .../>} element.
 */
@Tag(InContainerTest.TAG)
public abstract class UserSessionsContract {

    /** The {@code <Store className="..." .../>} element both nodes use. */
    protected abstract String storeElement();

    /** Directory name prefix of this store's nodes. */
    protected abstract String nodeName();

    /** Removes what the test left in the store (called before the nodes stop). */
    protected void cleanUp(SessionStore store) throws Exception {
        // nothing by default
    }

    private String contextXml(int maxSessionsPerUser) {
        return ContextXml.sessionStoreManager().testRealm().manager("persistAuthentication", true)
                .manager("principalAttribute", "user")
                .manager("maxSessionsPerUser", maxSessionsPerUser)
                .manager("touchWindow", 0).allowWebappClasses().store(storeElement()).xml();
    }

    private static SessionClient loggedIn(TomcatNode node) {
        SessionClient client = new SessionClient(node.baseUri());
        ok(client.get("session/create?name=x&value=1"));
        assertThat(ok(client.get("session/login?name=" + TestRealm.USER + "&password=" + TestRealm.PASSWORD))
                .json().path("user").asText()).as("logged in").isEqualTo(TestRealm.USER);
        return client;
    }

    @Test
    void logoutUserOnOneNodeEndsHerSessionsOnBothAndTheirListenersFireOnce() throws Exception {
        WebArchive war = SessionTestApp.war(contextXml(0));
        try (TomcatNode a = TomcatNode.start(nodeName() + "-users-a", war);
             TomcatNode b = TomcatNode.start(nodeName() + "-users-b", war)) {
            try {
                SessionClient onA = loggedIn(a);
                SessionClient onB = loggedIn(b);
                SessionClient anonymous = new SessionClient(b.baseUri());
                ok(anonymous.get("session/create?name=x&value=2"));
                // an application's own login: principalAttribute names her, Tomcat knows nobody
                SessionClient ownLogin = new SessionClient(b.baseUri());
                ok(ownLogin.get("session/create?name=user&value=" + TestRealm.USER));
                assertThat(ok(ownLogin.get(a.baseUri(), "session/whoami")).json().has("user"))
                        .as("a session known by principalAttribute only is not authenticated on another node")
                        .isFalse();
                clearEvents(a, b);

                String listed = manager(a).sessionsOfUser(TestRealm.USER);
                assertThat(listed.lines()).as("alice's sessions listed on A").hasSize(3)
                        .noneMatch(line -> line.contains(onA.sessionId()) || line.contains(onB.sessionId()));

                int ended = manager(a).logoutUser(TestRealm.USER);

                assertThat(ended).as("sessions logoutUser ended").isEqualTo(3);
                assertThat(onA.get("session/get").status()).as("her session on A, after").isEqualTo(404);
                assertThat(onB.get(b.baseUri(), "session/get").status()).as("her session from B, on B").isEqualTo(404);
                assertThat(ownLogin.get("session/get").status()).as("her own-login session, on B").isEqualTo(404);
                assertThat(ok(anonymous.get("session/get")).attribute("x")).as("another session").isEqualTo("2");
                List<String> destroyed = new ArrayList<>(events(a));
                destroyed.addAll(events(b));
                assertThat(destroyed.stream().filter(e -> e.startsWith("destroyed ")))
                        .as("sessionDestroyed once per session, on the node that ended it").containsExactlyInAnyOrder(
                                "destroyed " + onA.sessionId(), "destroyed " + onB.sessionId(),
                                "destroyed " + ownLogin.sessionId());
                assertThat(manager(b).sessionsOfUser(TestRealm.USER)).as("listed on B after").isEmpty();
                assertThat(manager(b).logoutUser(TestRealm.USER)).as("a second logoutUser").isZero();
                assertThatThrownBy(() -> manager(b).logoutUser(" ")).hasMessageContaining("user");
            } finally {
                cleanUp((SessionStore) manager(a).getStore());
            }
        }
    }

    @Test
    void aThirdLoginAboveMaxSessionsPerUserTwoEndsTheLeastRecentlyUsedAndLogoutOthersKeepsOnlyTheCaller()
            throws Exception {
        WebArchive war = SessionTestApp.war(contextXml(2));
        try (TomcatNode a = TomcatNode.start(nodeName() + "-maxusers-a", war);
             TomcatNode b = TomcatNode.start(nodeName() + "-maxusers-b", war)) {
            try {
                SessionClient first = loggedIn(a);
                Thread.sleep(20);
                SessionClient second = loggedIn(b);
                Thread.sleep(20);
                ok(first.get("session/get")); // the first is now the most recently used (touchWindow 0: in the store too)

                SessionClient third = loggedIn(b);

                assertThat(second.get(a.baseUri(), "session/get").status()).as("the least recently used").isEqualTo(404);
                assertThat(ok(first.get("session/get")).attribute("x")).isEqualTo("1");
                assertThat(ok(third.get("session/get")).attribute("x")).isEqualTo("1");

                UserSessions users = (UserSessions) b.context().getServletContext()
                        .getAttribute(UserSessions.CONTEXT_ATTRIBUTE);
                assertThat(users).as("the UserSessions in the servlet context").isNotNull();
                assertThat(users.sessionsOf(TestRealm.USER)).hasSize(2);

                // "log out my other devices", from the third session's request
                HttpSession current = manager(b).findSession(third.sessionId()).getSession();
                assertThat(users.logoutOthers(current)).as("other sessions logoutOthers ended").isEqualTo(1);
                assertThat(first.get("session/get").status()).as("the other device, after").isEqualTo(404);
                assertThat(ok(third.get("session/get")).attribute("x")).as("the caller, after").isEqualTo("1");
            } finally {
                cleanUp((SessionStore) manager(a).getStore());
            }
        }
    }

    private static void clearEvents(TomcatNode... nodes) {
        for (TomcatNode node : nodes) {
            new SessionClient(node.baseUri()).delete("events");
        }
    }

    private static List<String> events(TomcatNode node) {
        List<String> events = new ArrayList<>();
        new SessionClient(node.baseUri()).get("events").json().get("events").forEach(e -> events.add(e.asText()));
        return events;
    }
}
