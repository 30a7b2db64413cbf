package io.sessionstores.core.contract;

import java.util.List;

import io.sessionstores.core.analysis.MemoryStoreFactory;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreFactory;

/** The deploy check on the in-memory store (the real stores: manager-jdbc's and manager-redis' *DeployCheckIT). */
class InMemoryDeployCheckTest extends DeployCheckContract {

    private static final String NAME = "deploy-check-contract";

    @Override
    protected List<StoreFactory> factories() {
        return List.of(MemoryStoreFactory.MEMORY);
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--memory", NAME);
    }

    @Override
    protected SessionStore openStore() throws Exception {
        InMemorySessionStore store = new InMemorySessionStore();
        store.setName(NAME);
        store.start(new StoreContext(APP, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }
}
