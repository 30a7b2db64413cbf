package io.sessionstores.core.analysis;

import java.util.Map;
import java.util.Set;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreFactory;

/** {@code --memory NAME}: the in-memory store of that name, a backend for command-line tests without a service. */
public final class MemoryStoreFactory implements StoreFactory {

    /** The one instance the command tests use. */
    public static final MemoryStoreFactory MEMORY = new MemoryStoreFactory();

    @Override
    public Set<String> options() {
        return Set.of("--memory");
    }

    @Override
    public String usage() {
        return "  memory: --memory NAME\n";
    }

    @Override
    public boolean accepts(Map<String, String> options) {
        return options.containsKey("--memory");
    }

    @Override
    public SessionStore create(Map<String, String> options) {
        InMemorySessionStore store = new InMemorySessionStore();
        store.setName(options.get("--memory"));
        return store;
    }
}
