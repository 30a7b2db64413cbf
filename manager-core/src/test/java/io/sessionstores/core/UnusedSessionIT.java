package io.sessionstores.core;

import static io.sessionstores.core.it.Nodes.manager;
import static io.sessionstores.core.it.Nodes.ok;
import static io.sessionstores.core.it.Nodes.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TestRealm;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.store.SessionRecord;

/**
 * Requests that never use their session cost nothing: a static file, an image or a health check
 * under the same context, carrying the cookie of a stored session, makes no store call and does
 * not extend the session; the next request that uses the session reads it once, as before. What
 * does use it still reads it: Tomcat's FORM authenticator on a protected resource, and an
 * asynchronous request looking it up on another thread. On {@link TomcatNode}s with the counting
 * in-memory store; in the Manager's package for its test clock.
 */
@Tag(InContainerTest.TAG)
class UnusedSessionIT {

    private static final String ALLOW_WEBAPP = "allowedClassNames=\"" + SessionTestApp.WEBAPP_CLASSES + "\"";
    private static final AtomicInteger NODE_NUMBER = new AtomicInteger();
    private static final String STATIC_FILE = "static/logo.txt";
    private static final String STATIC_TEXT = "not a session";

    /** Tomcat's default servlet, which serves static files (the nodes leave out Tomcat's global web.xml). */
    private static final String DEFAULT_SERVLET = """
              <servlet>
                <servlet-name>default</servlet-name>
                <servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>default</servlet-name>
                <url-pattern>/</url-pattern>
              </servlet-mapping>
            """;

    /** The webapp's web.xml: static files, and an error page for 404 that never uses the session. */
    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
            %s
              <error-page><error-code>404</error-code><location>/info</location></error-page>
            </web-app>
            """.formatted(DEFAULT_SERVLET);

    /** Static files and FORM login on {@code /session/whoami}, in the {@link TestRealm}'s role. */
    private static final String FORM_LOGIN_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
            %s
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>whoami</web-resource-name>
                  <url-pattern>/session/whoami</url-pattern>
                </web-resource-collection>
                <auth-constraint><role-name>%s</role-name></auth-constraint>
              </security-constraint>
              <security-role><role-name>%s</role-name></security-role>
              <login-config>
                <auth-method>FORM</auth-method>
                <form-login-config>
                  <form-login-page>/login.html</form-login-page>
                  <form-error-page>/login-failed.html</form-error-page>
                </form-login-config>
              </login-config>
            </web-app>
            """.formatted(DEFAULT_SERVLET, TestRealm.ROLE, TestRealm.ROLE);

    private final List<TomcatNode> nodes = new ArrayList<>();
    private String storeName;

    @BeforeEach
    void freshStore() {
        storeName = "unused-session-it-" + NODE_NUMBER.incrementAndGet();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TomcatNode::close);
        io.sessionstores.core.store.InMemorySessionStore.clearAll();
    }

    /** The test webapp with a static file and {@code webXml}, on this test's store. */
    private static WebArchive app(String storeName, String webXml) {
        return SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml(storeName, ALLOW_WEBAPP))
                .addAsWebResource(new StringAsset(STATIC_TEXT), STATIC_FILE)
                .addAsWebInfResource(new StringAsset(webXml), "web.xml");
    }

    private static WebArchive app(String storeName) {
        return app(storeName, WEB_XML);
    }

    private TomcatNode node(WebArchive war) {
        TomcatNode node = TomcatNode.start("unused-session-node-" + NODE_NUMBER.incrementAndGet(), war);
        nodes.add(node);
        return node;
    }

    /** A browser with a stored session holding {@code user=alice}. */
    private static SessionClient browser(TomcatNode node) {
        SessionClient client = new SessionClient(node.baseUri());
        ok(client.get("session/create?name=user&value=alice"));
        return client;
    }

    private static void staticFile(SessionClient client) {
        assertThat(ok(client.get(STATIC_FILE)).body()).as("the static file").isEqualTo(STATIC_TEXT);
    }

    /** Regression: the valve read the requested session before every request, a static file's too. */
    @Test
    void aStaticFileWithASessionCookieMakesNoStoreCall() {
        TomcatNode n = node(app(storeName));
        SessionClient client = browser(n);
        store(n).resetCalls();

        staticFile(client);
        staticFile(client);

        assertThat(store(n).totalCalls()).as("store calls of two static files with a session cookie").isZero();
        assertThat(ok(client.get("session/get")).attribute("user")).as("the session, next used").isEqualTo("alice");
        assertThat(store(n).calls("read")).as("store reads of the request that used the session").isEqualTo(1);
    }

    /** Regression: a servlet that never calls getSession (a health check) cost a store read. */
    @Test
    void aServletThatNeverAsksForItsSessionMakesNoStoreCall() {
        TomcatNode n = node(app(storeName));
        SessionClient client = browser(n);
        store(n).resetCalls();

        ok(client.get("info"));

        assertThat(store(n).totalCalls()).as("store calls of a servlet that never calls getSession").isZero();
        assertThat(ok(client.get("session/get")).attribute("user")).as("the session, next used").isEqualTo("alice");
        assertThat(store(n).calls("read")).as("store reads of the request that used the session").isEqualTo(1);
    }

    /**
     * Regression: after an error page ran, the Manager's request listener looked the session up
     * to save what the error page changed, reading it when neither the request nor the error page
     * had used it.
     */
    @Test
    void aMissingFileWhoseErrorPageNeverUsesTheSessionMakesNoStoreCall() {
        TomcatNode n = node(app(storeName));
        SessionClient client = browser(n);
        store(n).resetCalls();

        SessionClient.Response missing = client.get("static/missing.txt");

        assertThat(missing.json().path("contextPath").asText()).as("the error page's answer").isEqualTo("/" + SessionTestApp.NAME);
        assertThat(store(n).totalCalls()).as("store calls of a missing file with an error page").isZero();
    }

    /**
     * Regression: Tomcat's authenticator looks the session up on every request (to restore a
     * user), so every request with a cookie was touched as "accessed" and extended the session.
     */
    @Test
    void aRequestThatNeverTouchesItsSessionDoesNotExtendItsExpiry() {
        TomcatNode n = node(app(storeName));
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        manager(n).setClock(clock::get);
        SessionClient client = browser(n);
        SessionRecord before = store(n).records().get(client.sessionId());
        clock.addAndGet(120_000); // past the automatic touch window (60 s for 30 minutes)
        store(n).resetCalls();

        staticFile(client);
        ok(client.get("info"));

        SessionRecord after = store(n).records().get(client.sessionId());
        assertThat(store(n).calls("touch")).as("touches by requests that never used the session").isZero();
        assertThat(after.lastAccess()).as("stored last access").isEqualTo(before.lastAccess());
        assertThat(after.expiresAt()).as("stored expiry").isEqualTo(before.expiresAt());

        ok(client.get("session/get"));
        assertThat(store(n).records().get(client.sessionId()).expiresAt()).as("expiry after a request that used it")
                .isGreaterThan(before.expiresAt());
    }

    /**
     * A protected resource still authenticates from the session (one read). In the same FORM-login
     * webapp, where Tomcat's authenticator looks for the user in the session on every request, a
     * static file and a servlet that never asks for its session make no store call, and an
     * unprotected servlet that asks for the user (not the session) still gets the logged-in user.
     */
    @Test
    void formLoginAuthenticatesFromTheSessionWithOneReadAndUnprotectedFilesReadNothing() {
        WebArchive war = app(storeName, FORM_LOGIN_WEB_XML)
                .addAsWebResource(new StringAsset("<html><body>login form</body></html>"), "login.html")
                .addAsWebResource(new StringAsset("<html><body>login failed</body></html>"), "login-failed.html");
        TomcatNode n = node(war);
        SessionClient client = browser(n);

        SessionClient.Response loginPage = client.get("session/whoami");
        assertThat(loginPage.body()).as("the protected resource before login").contains("login form");
        SessionClient.Response loggedIn = client.post(n.baseUri(), "j_security_check",
                Map.of("j_username", TestRealm.USER, "j_password", TestRealm.PASSWORD));
        assertThat(loggedIn.status()).as("j_security_check's answer %s", loggedIn).isEqualTo(303);
        assertThat(ok(client.follow(loggedIn)).json().path("user").asText()).as("after login").isEqualTo(TestRealm.USER);

        store(n).resetCalls();
        SessionClient.Response whoami = ok(client.get("session/whoami"));
        assertThat(whoami.json().path("user").asText()).as("the user, authenticated from the session")
                .isEqualTo(TestRealm.USER);
        assertThat(whoami.attribute("user")).as("the session's attribute").isEqualTo("alice");
        assertThat(store(n).calls("read")).as("store reads of a protected request").isEqualTo(1);

        store(n).resetCalls();
        staticFile(client);
        ok(client.get("info"));
        assertThat(store(n).totalCalls()).as("store calls of unprotected requests that never use the session")
                .isZero();

        SessionClient.Response user = ok(client.get("session/user"));
        assertThat(user.json().path("user").asText()).as("the user an unprotected servlet asks for, kept in the session")
                .isEqualTo(TestRealm.USER);
        assertThat(store(n).calls("read")).as("store reads of the request that asked for the user").isEqualTo(1);
    }

    /** An asynchronous request that looks its session up on another thread gets it, and its change is saved. */
    @Test
    void anAsyncRequestLookingItsSessionUpOnAnotherThreadGetsItAndItsChangeIsSaved() {
        TomcatNode a = node(app(storeName));
        TomcatNode b = node(app(storeName));
        SessionClient client = browser(a);
        store(a).resetCalls();

        SessionClient.Response async = ok(client.get("session/async-lookup?name=color&value=blue"));

        assertThat(async.attribute("user")).as("the session the other thread got").isEqualTo("alice");
        assertThat(store(a).calls("read")).as("store reads of the async request").isEqualTo(1);
        assertThat(store(a).calls("write")).as("store writes of the async request").isEqualTo(1);
        assertThat(ok(client.get(b.baseUri(), "session/get")).attribute("color")).as("the change, on another node")
                .isEqualTo("blue");
    }
}
