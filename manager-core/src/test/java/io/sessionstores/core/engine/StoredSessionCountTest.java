package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.StoreException;

/** The Manager's {@code storedSessions}: the store's count, never one per scrape. */
class StoredSessionCountTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(-5 * SECOND);
    private final AtomicInteger counts = new AtomicInteger();
    private final AtomicLong sessions = new AtomicLong(1234);
    private final List<StoreException> failures = new ArrayList<>();
    private volatile boolean storeDown;

    private final StoredSessionCount count = new StoredSessionCount(() -> {
        counts.incrementAndGet();
        if (storeDown) {
            throw new StoreException("connection refused");
        }
        return sessions.get();
    }, clock::get, Runnable::run, failures::add);

    @Test
    void manyScrapesWithinAMinuteCountOnce() {
        assertThat(count.get()).isEqualTo(1234);
        sessions.set(99);
        for (int i = 0; i < 59; i++) {
            clock.addAndGet(SECOND);
            assertThat(count.get()).as("after %d s", i + 1).isEqualTo(1234);
        }
        assertThat(counts).as("store counts in 59 s of scrapes").hasValue(1);
        clock.addAndGet(SECOND);
        assertThat(count.get()).as("a minute after the count").isEqualTo(99);
        assertThat(counts).hasValue(2);
    }

    @Test
    void nothingIsCountedUntilTheAttributeIsRead() {
        clock.addAndGet(600 * SECOND);
        assertThat(counts).hasValue(0);
    }

    @Test
    void aFailedCountKeepsTheLastOneAndIsNotRetriedAtEveryScrape() {
        count.get();
        storeDown = true;
        clock.addAndGet(60 * SECOND);
        assertThat(count.get()).as("shown while the store fails").isEqualTo(1234);
        assertThat(count.get()).isEqualTo(1234);
        assertThat(failures).singleElement().extracting(Throwable::getMessage).asString().contains("connection refused");
        assertThat(counts).hasValue(2);
        storeDown = false;
        sessions.set(7);
        clock.addAndGet(60 * SECOND);
        assertThat(count.get()).isEqualTo(7);
    }

    @Test
    void aScrapeNeverWaitsForTheCountAndStartsNoSecondOneWhileItRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        StoredSessionCount slow = new StoredSessionCount(() -> {
            started.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 42;
        }, clock::get, job -> new Thread(job).start(), failures::add);
        assertThat(slow.get()).as("before the first count ended").isEqualTo(-1);
        long deadline = System.nanoTime() + 10 * SECOND;
        while (started.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        clock.addAndGet(120 * SECOND);
        assertThat(slow.get()).as("while it still runs").isEqualTo(-1);
        assertThat(started).as("counts started while the first runs").hasValue(1);
        clock.addAndGet(-119 * SECOND); // back within the minute: the polls below start no count
        release.countDown();
        deadline = System.nanoTime() + 10 * SECOND;
        while (slow.get() != 42 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(slow.get()).isEqualTo(42);
        assertThat(started).as("counts started").hasValue(1);
    }
}
