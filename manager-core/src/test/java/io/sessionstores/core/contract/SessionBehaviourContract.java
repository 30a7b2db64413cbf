package io.sessionstores.core.contract;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What any Tomcat session Manager must do for a web application, checked over HTTP against the
 * {@link SessionTestApp} deployed by Arquillian: create, read, modify (setAttribute and in-place
 * mutation), invalidate, change id, maxInactiveInterval, POST-then-redirect, listeners, and a
 * fresh session for a malformed id. Tomcat's StandardManager passes it
 * ({@link StandardManagerSessionBehaviourIT}), which is what makes it the yardstick for the project's
 * Manager on every store.
 *
 * <p>A subclass is an {@link InContainerTest} with one
 * {@code @Deployment(testable = false) static WebArchive app()} that returns
 * {@code SessionTestApp.war(<its context.xml>)}; it may add store-level checks.
 *
 * <p>Runs on Tomcat's StandardManager (the yardstick) and on the project's Manager with the
 * in-memory store ({@code <Manager or store>SessionBehaviourIT}). Does not run per real store:
 * the Manager reaches a store only through the SPI, whose every promise the store contract checks
 * on every store; the real stores' request paths run end to end in their modules
 * ({@code *RequestsIT}, {@code *TwoNodes*IT}, the samples).
 */
public abstract class SessionBehaviourContract {

    @ArquillianResource
    protected URL base;

    protected SessionClient client;

    @BeforeEach
    void newBrowserAndEmptyEventLog() throws Exception {
        client = new SessionClient(baseUri());
        client.delete("events");
    }

    /** The deployed webapp's base URL, ending in a slash. */
    protected URI baseUri() throws Exception {
        return base.toURI();
    }

    /** This node's session events since the test began. */
    protected List<String> events() {
        List<String> events = new ArrayList<>();
        client.get("events").json().get("events").forEach(e -> events.add(e.asText()));
        return events;
    }

    protected static SessionClient.Response ok(SessionClient.Response response) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        return response;
    }

    @Test
    void createdSessionIsReadByTheNextRequest() {
        SessionClient.Response created = ok(client.get("session/create"));
        String id = created.id();
        assertThat(created.json().get("new").asBoolean()).as("new on creation: %s", created).isTrue();
        assertThat(created.sessionCookie()).as("Set-Cookie of %s", created).contains(id);

        SessionClient.Response read = ok(client.get("session/get"));

        assertThat(read.id()).isEqualTo(id);
        assertThat(read.json().get("new").asBoolean()).as("new on second request: %s", read).isFalse();
        assertThat(events()).contains("created " + id);
    }

    @Test
    void setReplaceAndRemoveAreVisibleAndFireAttributeListeners() {
        ok(client.get("session/create"));
        ok(client.get("session/set?name=colour&value=red"));
        assertThat(ok(client.get("session/get")).attribute("colour")).isEqualTo("red");

        ok(client.get("session/set?name=colour&value=blue"));
        assertThat(ok(client.get("session/get")).attribute("colour")).isEqualTo("blue");

        ok(client.get("session/remove?name=colour"));
        assertThat(ok(client.get("session/get")).attribute("colour")).isNull();

        assertThat(events()).containsSubsequence(
                "attributeAdded colour", "attributeReplaced colour", "attributeRemoved colour");
    }

    @Test
    void counterIncrementsAcrossRequests() {
        ok(client.get("session/create"));
        for (int i = 0; i < 3; i++) {
            ok(client.get("session/increment?name=hits"));
        }
        assertThat(ok(client.get("session/get")).attribute("hits")).isEqualTo("3");
    }

    @Test
    void inPlaceMutationWithoutSetAttributeIsKept() {
        ok(client.get("session/create"));
        ok(client.get("session/append?name=cart&value=apple"));
        ok(client.get("session/append?name=cart&value=pear"));

        assertThat(ok(client.get("session/get")).attribute("cart")).isEqualTo("[apple, pear]");
        assertThat(events()).containsOnlyOnce("attributeAdded cart").doesNotContain("attributeReplaced cart");
    }

    @Test
    void invalidateEndsTheSessionAndFiresListeners() {
        String id = ok(client.get("session/create")).id();
        ok(client.get("session/listener?name=watch"));

        SessionClient.Response invalidated = ok(client.get("session/invalidate"));

        assertThat(invalidated.json().get("invalidated").asText()).isEqualTo(id);
        SessionClient.Response after = client.get("session/get");
        assertThat(after.status()).as("after invalidate: %s", after).isEqualTo(404);
        assertThat(events()).containsSubsequence(
                "created " + id, "valueBound watch", "attributeAdded watch", "valueUnbound watch",
                "attributeRemoved watch");
        assertThat(events()).contains("destroyed " + id);
    }

    @Test
    void changeSessionIdMovesTheSessionAndFiresIdListener() {
        String oldId = ok(client.get("session/create")).id();
        ok(client.get("session/set?name=user&value=alice"));

        SessionClient.Response changed = ok(client.get("session/change-id"));
        String newId = changed.id();

        assertThat(newId).isNotEqualTo(oldId);
        assertThat(changed.json().get("previousId").asText()).isEqualTo(oldId);
        assertThat(client.sessionId()).as("cookie after change-id").isEqualTo(newId);
        assertThat(ok(client.get("session/get")).attribute("user")).isEqualTo("alice");
        assertThat(events()).contains("idChanged " + oldId + " " + newId);

        client.sessionId(oldId);
        assertThat(client.get("session/get").status()).as("old id after change-id").isEqualTo(404);
    }

    @Test
    void maxInactiveIntervalIsKept() {
        ok(client.get("session/create"));
        ok(client.get("session/max-inactive?seconds=1234"));

        assertThat(ok(client.get("session/get")).json().get("maxInactiveInterval").asInt()).isEqualTo(1234);
    }

    @Test
    void sessionExpiresAfterMaxInactiveInterval() throws Exception {
        String id = ok(client.get("session/create")).id();
        ok(client.get("session/set?name=colour&value=red"));
        ok(client.get("session/listener?name=watch"));
        ok(client.get("session/max-inactive?seconds=1"));

        Thread.sleep(2_500);
        SessionClient.Response after = client.get("session/get");

        assertThat(after.status()).as("2.5 s after the last access, maxInactiveInterval 1 s: %s", after).isEqualTo(404);
        assertThat(events()).as("listeners of the expired session").contains("valueUnbound watch", "destroyed " + id);
        SessionClient.Response fresh = ok(client.get("session/create"));
        assertThat(fresh.id()).as("session created after expiry").isNotEqualTo(id);
        assertThat(fresh.attribute("colour")).as("attribute of the expired session").isNull();
    }

    @Test
    void postThenRedirectSeesTheWrite() throws Exception {
        SessionClient.Response posted = client.post(baseUri(), "post-redirect", Map.of("name", "order", "value", "42"));

        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
        SessionClient.Response followed = ok(client.follow(posted));
        assertThat(followed.attribute("order")).isEqualTo("42");
    }

    @Test
    void malformedSessionIdGetsAFreshSession() {
        for (String bad : List.of("../../etc", "1' OR '1'='1", "A".repeat(2048))) {
            client.sessionId(bad);
            SessionClient.Response read = client.get("session/get");
            assertThat(read.status()).as("get with id %s: %s", bad, read).isEqualTo(404);

            SessionClient.Response created = ok(client.get("session/create"));
            JsonNode id = created.json().get("id");
            assertThat(id.asText()).as("id created after bad id %s", bad).isNotEqualTo(bad).matches("[0-9A-F]{32}");
        }
    }
}
