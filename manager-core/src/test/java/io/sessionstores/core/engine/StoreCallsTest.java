package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

/** Each store call lands in the latency window of its kind (the Manager's {@code <kind>Millis*} attributes). */
class StoreCallsTest {

    private static final String ID = "0123456789ABCDEF0123456789ABCDEF";

    private final ManagerStats stats = new ManagerStats();
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final StoreCalls calls = new StoreCalls(store, stats);

    StoreCallsTest() {
        store.setName("store-calls-test");
        store.start(new StoreContext("/Catalina/localhost/calls", "store calls test", getClass().getClassLoader(),
                System::currentTimeMillis));
    }

    private Map<String, Long> windowCounts() {
        return Map.of("read", stats.readLatency.snapshot().count(), "write", stats.writeLatency.snapshot().count(),
                "touch", stats.touchLatency.snapshot().count(), "delete", stats.deleteLatency.snapshot().count());
    }

    @Test
    void everyKindOfCallIsTimedInItsOwnWindow() throws Exception {
        long expires = System.currentTimeMillis() + 60_000;
        calls.write(Frames.record(ID, 1, expires, System.currentTimeMillis(), new byte[] {1}), 0, 1);
        calls.read(ID);
        calls.read(ID);
        calls.touch(ID, System.currentTimeMillis(), expires);
        calls.touch(ID, System.currentTimeMillis(), expires);
        calls.touch(ID, System.currentTimeMillis(), expires);
        calls.changeId(ID, ID.replace('0', '9'));
        calls.deleteIfVersion(ID.replace('0', '9'), 1);
        calls.delete(ID);
        assertThat(windowCounts()).isEqualTo(Map.of("read", 2L, "write", 1L, "touch", 3L, "delete", 2L));
    }

    @Test
    void failedCallsAreTimedToo() {
        store.setDown(true);
        assertThatThrownBy(() -> calls.read(ID)).isInstanceOf(StoreException.class);
        assertThat(windowCounts()).containsEntry("read", 1L);
        assertThat(stats.getStoreErrors()).isEqualTo(1);
    }
}
