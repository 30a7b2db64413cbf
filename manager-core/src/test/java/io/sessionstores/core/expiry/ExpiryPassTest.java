package io.sessionstores.core.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.ExpiryBatch;
import io.sessionstores.core.store.InMemorySessionStore;

/** The pass logic (lease first, batches until done or out of time) and the valve's settings. */
class ExpiryPassTest {

    /** A store whose batches delete a fixed number each, for a given number of batches. */
    private static final class ScriptedStore extends InMemorySessionStore {
        final List<ExpiryBatch> seen = new ArrayList<>();
        boolean leaseFree = true;
        int batchesLeft;
        long sleepMillis;

        @Override
        public boolean acquireExpiryLease(String owner, long ttlMillis) {
            return leaseFree;
        }

        @Override
        public ExpiryBatch deleteExpired(ExpiryBatch previous, int batchSize) {
            seen.add(previous);
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batchesLeft--;
            return new ExpiryBatch(batchSize, batchesLeft <= 0, previous.position() + 1);
        }
    }

    @Test
    void nodeWithoutTheLeaseDeletesNothing() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.leaseFree = false;
        store.batchesLeft = 3;

        ExpiryPassResult run = new ExpiryPass(10, 1000, 5000).run(store, "me");

        assertThat(run.leaseHeld()).isFalse();
        assertThat(store.seen).as("batches run without the lease").isEmpty();
    }

    @Test
    void batchesRunUntilTheStoreSaysDoneEachGettingThePreviousPosition() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.batchesLeft = 4;

        ExpiryPassResult run = new ExpiryPass(10, 60_000, 5000).run(store, "me");

        assertThat(run.deleted()).isEqualTo(40);
        assertThat(run.batches()).isEqualTo(4);
        assertThat(run.complete()).isTrue();
        assertThat(store.seen.get(0)).isSameAs(ExpiryBatch.FIRST);
        assertThat(store.seen.get(3).position()).as("position handed on").isEqualTo(ExpiryBatch.FIRST.position() + 3);
    }

    @Test
    void passStopsOnceItsTimeBudgetIsSpent() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.batchesLeft = 1_000;
        store.sleepMillis = 20;

        ExpiryPassResult run = new ExpiryPass(10, 100, 5000).run(store, "me");

        assertThat(run.complete()).isFalse();
        assertThat(run.batches()).as("batches of 20 ms within a 100 ms budget").isBetween(1, 10);
    }

    @Test
    void badSettingsStopTheValveNamingTheAttribute() {
        ExpiryValve valve = new ExpiryValve();
        valve.setContainer(new StandardContext());
        valve.setBatchSize(0);

        assertThatThrownBy(valve::startInternal).isInstanceOf(LifecycleException.class)
                .hasMessageContaining("'batchSize'").hasMessageContaining("1 to 100000");
    }
}
