package io.sessionstores.core.contract;

import org.junit.jupiter.api.AfterEach;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionStore;

/** The migration races on two in-memory stores (the real stores: manager-redis' *MigrationRaceIT). */
class InMemoryMigrationRaceTest extends MigrationRaceContract {

    @Override
    protected SessionStore newSource() {
        InMemorySessionStore s = new InMemorySessionStore();
        s.setName("race-old");
        return s;
    }

    @Override
    protected SessionStore newTarget() {
        InMemorySessionStore s = new InMemorySessionStore();
        s.setName("race-new");
        return s;
    }

    @AfterEach
    void clear() {
        InMemorySessionStore.clearAll();
    }
}
