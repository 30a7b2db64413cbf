package io.sessionstores.core.contract;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;

import java.util.function.LongSupplier;

/** The in-memory test store honours the store contract, so tests built on it mean something. */
class InMemoryStoreContractTest extends SessionStoreContract {

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) {
        InMemorySessionStore s = new InMemorySessionStore();
        s.setName("contract");
        s.start(new StoreContext(appName, appName, getClass().getClassLoader(), clock));
        return s;
    }
}
