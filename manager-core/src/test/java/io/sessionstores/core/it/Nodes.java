package io.sessionstores.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.store.InMemorySessionStore;

/** What tests ask of a {@link TomcatNode} running the project's Manager, and of its answers. */
public final class Nodes {

    private Nodes() {
    }

    /** The running web application's Manager. */
    public static SessionStoreManager manager(TomcatNode node) {
        return (SessionStoreManager) node.context().getManager();
    }

    /** The Manager's store, when it is the in-memory test store. */
    public static InMemorySessionStore store(TomcatNode node) {
        return (InMemorySessionStore) manager(node).getStore();
    }

    /** {@code response}, once asserted to be a 200. */
    public static SessionClient.Response ok(SessionClient.Response response) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        return response;
    }
}
