package io.sessionstores.core.contract;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionTestApp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The project's {@code SessionStoreManager} on the in-memory store passes the same
 * {@link SessionBehaviourContract} as Tomcat's StandardManager, and its effects are where they
 * belong: in the store's records ({@code InMemorySessionStore.records("it", app)}).
 */
@InContainerTest
class InMemorySessionBehaviourIT extends SessionBehaviourContract {

    private static final String STORE = "it";

    @Deployment(testable = false)
    static WebArchive app() {
        return SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml(STORE));
    }

    private static Map<String, SessionRecord> records() {
        return InMemorySessionStore.records(STORE, SessionTestApp.ARQUILLIAN_APP_NAME);
    }

    private static long storedVersion(String id) {
        SessionRecord record = records().get(id);
        assertThat(record).as("stored record of session %s", id).isNotNull();
        return record.version();
    }

    @Test
    void everyChangeMovesTheStoredVersionAndAReadDoesNot() {
        String id = ok(client.get("session/create")).id();
        long created = storedVersion(id);

        ok(client.get("session/set?name=colour&value=red"));
        long afterSet = storedVersion(id);
        ok(client.get("session/append?name=cart&value=apple"));
        long afterFirstAppend = storedVersion(id);
        ok(client.get("session/append?name=cart&value=pear"));
        long afterInPlaceAppend = storedVersion(id);
        ok(client.get("session/get"));
        long afterRead = storedVersion(id);

        assertThat(afterSet).as("version after setAttribute").isGreaterThan(created);
        assertThat(afterFirstAppend).as("version after adding the list").isGreaterThan(afterSet);
        assertThat(afterInPlaceAppend).as("version after in-place list mutation, no setAttribute")
                .isGreaterThan(afterFirstAppend);
        assertThat(afterRead).as("version after a read-only request").isEqualTo(afterInPlaceAppend);
    }

    @Test
    void invalidateDeletesTheRecord() {
        String id = ok(client.get("session/create")).id();
        assertThat(records()).containsKey(id);

        ok(client.get("session/invalidate"));

        assertThat(records()).as("records after invalidate of %s", id).doesNotContainKey(id);
    }

    @Test
    void changeIdMovesTheRecord() {
        String oldId = ok(client.get("session/create")).id();
        ok(client.get("session/set?name=user&value=alice"));

        String newId = ok(client.get("session/change-id")).id();

        assertThat(records()).as("records after change-id").containsKey(newId).doesNotContainKey(oldId);
    }

    @Test
    void activationListenerIsPassivatedWhenTheSessionIsSaved() {
        ok(client.get("session/create"));

        ok(client.get("session/listener?name=watch"));

        assertThat(events()).containsSubsequence("valueBound watch", "willPassivate watch");
    }
}
