package io.sessionstores.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances of the Spring Boot sample on one store, a browser alternating between them as a
 * round-robin load balancer would: Spring Security's login, logout, session fixation protection
 * and CSRF token hold across nodes like any other session attribute. One subclass per store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTwoSampleNodesIT {

    SampleNode a;
    SampleNode b;
    /** This test's context path: its application name, so its store records, are its own. */
    final String contextPath = "/" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "-"
            + java.util.UUID.randomUUID().toString().substring(0, 8);

    /** The store's properties for both nodes (a key prefix or table of this test's own). */
    abstract List<String> storeArguments() throws Exception;

    /** How many sessions the store holds for this test. */
    abstract long storedSessions() throws Exception;

    @BeforeAll
    void startTwoNodes() throws Exception {
        List<String> args = storeArguments();
        a = SampleNode.launch(getClass().getSimpleName() + "-A", contextPath, args);
        b = SampleNode.launch(getClass().getSimpleName() + "-B", contextPath, args);
        a.awaitStarted();
        b.awaitStarted();
    }

    @AfterAll
    void stopNodes() throws Exception {
        try (SampleNode x = a; SampleNode y = b) {
            // closed in reverse order
        }
    }

    /** Logs alice in: the login page from {@code pageFrom}, the form posted to {@code postTo}. */
    static String logIn(Browser browser, SampleNode pageFrom, SampleNode postTo) throws Exception {
        Browser.Page login = browser.get(pageFrom, "/login");
        assertThat(login.status()).isEqualTo(200);
        String preLogin = browser.sessionId;
        Browser.Page posted = browser.post(postTo, "/login", "username", "alice", "password", "alice", "_csrf", login.csrf());
        assertThat(posted.status()).as("login on %s with the CSRF token of %s's page", postTo.name, pageFrom.name)
                .isEqualTo(302);
        assertThat(posted.location()).doesNotContain("error");
        return preLogin;
    }

    /** The module's Spring Boot and Tomcat lines ({@code sample.spring-boot}, {@code sample.tomcat}) really ran. */
    @Test
    void runsOnTheSpringBootAndTomcatOfThisModule() throws Exception {
        assertThat(a.output()).contains("(v" + System.getProperty("sample.spring-boot") + ")")
                .contains("Starting Servlet engine: [Apache Tomcat/" + System.getProperty("sample.tomcat"));
    }

    @Test
    void loginOnAIsSeenOnBAndTheCounterContinuesAcrossNodes() throws Exception {
        Browser browser = new Browser();
        logIn(browser, a, a);

        Browser.Page onB = browser.get(b, "/");
        assertThat(onB.status()).as("logged in on A, served by B").isEqualTo(200);
        assertThat(onB.user()).isEqualTo("alice");
        assertThat(onB.counter()).isEqualTo(1);
        assertThat(browser.get(a, "/").counter()).isEqualTo(2);
        assertThat(browser.get(b, "/").counter()).isEqualTo(3);
        assertThat(browser.get(a, "/").counter()).isEqualTo(4);
    }

    @Test
    void theCsrfTokenOfAPageFromAIsAcceptedByB() throws Exception {
        Browser browser = new Browser();
        logIn(browser, a, b);
        assertThat(browser.get(b, "/").user()).isEqualTo("alice");
        Browser.Page forged = new Browser().post(b, "/login", "username", "alice", "password", "alice", "_csrf", "forged");
        assertThat(forged.status()).as("a login without the session's CSRF token").isEqualTo(403);
    }

    @Test
    void thePreLoginSessionIdNoLongerWorksAnywhere() throws Exception {
        Browser browser = new Browser();
        String preLogin = logIn(browser, a, b);
        assertThat(preLogin).isNotNull();
        assertThat(browser.sessionId).as("session fixation protection: a new id at login").isNotEqualTo(preLogin);
        assertThat(browser.get(a, "/").user()).isEqualTo("alice");

        Browser attacker = new Browser();
        attacker.sessionId = preLogin;
        assertThat(attacker.get(a, "/").sentToLogin()).as("the pre-login id on A").isTrue();
        attacker.sessionId = preLogin;
        assertThat(attacker.get(b, "/").sentToLogin()).as("the pre-login id on B").isTrue();
        assertThat(browser.get(b, "/").user()).as("the user's own session is untouched").isEqualTo("alice");
    }

    @Test
    void logoutOnBLogsOutOnA() throws Exception {
        Browser browser = new Browser();
        logIn(browser, a, a);
        String loggedIn = browser.sessionId;
        Browser.Page home = browser.get(a, "/");
        Browser.Page logout = browser.post(b, "/logout", "_csrf", home.csrf());
        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.location()).contains("/login?logout");

        Browser same = new Browser();
        same.sessionId = loggedIn;
        assertThat(same.get(a, "/").sentToLogin()).as("the logged-out session on A").isTrue();
    }

    /**
     * Spring Security's login names the user of the store's index (the starter sets
     * principalAttribute to SPRING_SECURITY_CONTEXT): "log out my other devices" on B ends the
     * same user's session on A and keeps the caller's.
     */
    @Test
    void logOutMyOtherDevicesOnBEndsTheSessionOnAAndKeepsTheCaller() throws Exception {
        Browser phone = new Browser();
        logIn(phone, a, a);
        Browser laptop = new Browser();
        logIn(laptop, b, b);

        Browser.Page home = laptop.get(b, "/");
        Browser.Page ended = laptop.post(b, "/logout-other-devices", "_csrf", home.csrf());

        assertThat(ended.status()).as("the answer: %s", ended).isEqualTo(200);
        // at least the phone's: alice's sessions of this class's other tests on these nodes end too
        assertThat(ended.body()).containsPattern("<span id=\"ended\">[1-9]\\d*</span>");
        assertThat(phone.get(a, "/").sentToLogin()).as("the other device, on A").isTrue();
        assertThat(laptop.get(a, "/").user()).as("the caller, on A").isEqualTo("alice");
    }

    @Test
    void aWrongPasswordNeverCreatesAStoredSession() throws Exception {
        Browser browser = new Browser();
        Browser.Page login = browser.get(a, "/login");
        String preLogin = browser.sessionId;
        long before = storedSessions();

        Browser.Page refused = browser.post(b, "/login", "username", "alice", "password", "wrong", "_csrf", login.csrf());
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).contains("/login?error");
        assertThat(browser.sessionId).as("no new session at a failed login").isEqualTo(preLogin);
        assertThat(storedSessions()).as("stored sessions after a wrong password").isEqualTo(before);

        // A post without the session's CSRF token never reaches the password check (403). Spring
        // Security's CSRF filter then keeps a fresh token in a new session, as a visit to /login
        // does: that session is stored like any other, and is not checked here.
        Browser.Page blind = new Browser().post(a, "/login", "username", "alice", "password", "wrong");
        assertThat(blind.status()).as("a login post without a CSRF token").isEqualTo(403);
        assertThat(browser.get(a, "/").sentToLogin()).as("the failed login authenticated nobody").isTrue();
    }
}
