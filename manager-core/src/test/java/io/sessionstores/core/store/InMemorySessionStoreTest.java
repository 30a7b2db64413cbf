package io.sessionstores.core.store;

import java.util.function.LongSupplier;

/** The in-memory test store honours the store contract, so tests built on it mean something. */
class InMemorySessionStoreTest extends AbstractSessionStoreContractTest {

    @Override
    protected SessionStore createStore(String appName, LongSupplier clock) {
        InMemorySessionStore s = new InMemorySessionStore();
        s.setName("contract");
        s.start(new StoreContext(appName, appName, getClass().getClassLoader(), clock));
        return s;
    }
}
