package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.engine.SessionSaver.Outcome;

/**
 * One store call of a session at a time, shared by the requests that arrive meanwhile: saves
 * arriving during a write leave together in the next one (group commit); reads arriving during a
 * read are served by the next read, never by the one already in flight.
 */
class CoalescedTest {

    private final Coalesced<Outcome> saves = new Coalesced<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger coalesced = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Future<Outcome> save(CountDownLatch blockWrite, Outcome outcome) {
        return pool.submit(() -> saves.call(waited -> {
            writes.incrementAndGet();
            await(blockWrite);
            return outcome;
        }, coalesced::incrementAndGet, thrown -> Outcome.FAILED));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitWaiting(int threads, ThreadGroupProbe probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (probe.waiting() < threads && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(probe.waiting()).as("saves waiting for the write in flight").isEqualTo(threads);
    }

    /** Counts the pool's threads blocked in {@code Object.wait} inside Coalesced. */
    private static final class ThreadGroupProbe {
        int waiting() {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getState() == Thread.State.WAITING) {
                    for (StackTraceElement e : t.getStackTrace()) {
                        if (e.getClassName().equals(Coalesced.class.getName()) && e.getMethodName().equals("awaitTurn")) {
                            n++;
                            break;
                        }
                    }
                }
            }
            return n;
        }
    }

    @Test
    void savesArrivingDuringAWriteLeaveTogetherInTheNextOne() throws Exception {
        CountDownLatch firstWrite = new CountDownLatch(1);
        CountDownLatch open = new CountDownLatch(0);
        Future<Outcome> first = save(firstWrite, Outcome.WRITTEN);
        while (writes.get() == 0) {
            Thread.sleep(1);
        }
        List<Future<Outcome>> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            next.add(save(open, Outcome.WRITTEN));
        }
        awaitWaiting(5, new ThreadGroupProbe());

        firstWrite.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.WRITTEN);
        for (Future<Outcome> f : next) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.WRITTEN);
        }
        assertThat(writes.get()).as("writes for 6 saves, 5 of them arriving during the first").isEqualTo(2);
        assertThat(coalesced.get()).as("saves carried by another request's write").isEqualTo(4);
    }

    @Test
    void aFailedWriteFailsEveryRequestItCarried() throws Exception {
        CountDownLatch firstWrite = new CountDownLatch(1);
        Future<Outcome> first = save(firstWrite, Outcome.WRITTEN);
        while (writes.get() == 0) {
            Thread.sleep(1);
        }
        List<Future<Outcome>> next = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            next.add(save(new CountDownLatch(0), Outcome.FAILED));
        }
        awaitWaiting(3, new ThreadGroupProbe());

        firstWrite.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.WRITTEN);
        for (Future<Outcome> f : next) {
            assertThat(f.get(10, TimeUnit.SECONDS)).as("a request whose batch failed").isEqualTo(Outcome.FAILED);
        }
    }

    @Test
    void anUncontendedSaveWritesAtOnceWithItsOwnPlan() {
        boolean[] waited = {true};
        Outcome outcome = saves.call(w -> {
            waited[0] = w;
            return Outcome.WRITTEN;
        }, coalesced::incrementAndGet, thrown -> Outcome.FAILED);
        assertThat(outcome).isEqualTo(Outcome.WRITTEN);
        assertThat(waited[0]).as("waited").isFalse();
        assertThat(coalesced.get()).isZero();
    }

    @Test
    void aWriteThatThrowsFailsTheRequestsItCarriedAndThrowsInTheOneThatMadeIt() throws Exception {
        CountDownLatch firstWrite = new CountDownLatch(1);
        Future<Outcome> first = pool.submit(() -> saves.call(waited -> {
            writes.incrementAndGet();
            await(firstWrite);
            throw new IllegalStateException("codec bug");
        }, coalesced::incrementAndGet, thrown -> Outcome.FAILED));
        while (writes.get() == 0) {
            Thread.sleep(1);
        }
        List<Future<Outcome>> next = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            next.add(pool.submit(() -> saves.call(waited -> {
                writes.incrementAndGet();
                throw new IllegalStateException("codec bug");
            }, coalesced::incrementAndGet, thrown -> Outcome.FAILED)));
        }
        awaitWaiting(3, new ThreadGroupProbe());

        firstWrite.countDown();

        assertThat(first).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class);
        int failed = 0;
        for (Future<Outcome> f : next) {
            try {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.FAILED);
            } catch (ExecutionException e) {
                assertThat(e).hasCauseInstanceOf(IllegalStateException.class);
            }
            failed++;
        }
        assertThat(failed).isEqualTo(3);
        assertThat(writes.get()).as("calls: the first, then one for the three that waited").isEqualTo(2);
    }

    /**
     * The read in flight when requests arrive may have started before a write those requests
     * must see (acknowledged to a user before they were sent): they are served by the next read.
     */
    @Test
    void readsArrivingDuringAReadAreServedByTheNextReadNotByTheOneInFlight() throws Exception {
        Coalesced<Long> reads = new Coalesced<>();
        AtomicLong stored = new AtomicLong(1);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstRead = new CountDownLatch(1);
        Future<Long> first = pool.submit(() -> reads.call(waited -> {
            long version = stored.get(); // the read's answer is taken when it starts
            calls.incrementAndGet();
            await(firstRead);
            return version;
        }, coalesced::incrementAndGet, thrown -> -1L));
        while (calls.get() == 0) {
            Thread.sleep(1);
        }
        stored.set(2); // another node's write, acknowledged before the next requests arrive
        List<Future<Long>> next = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            next.add(pool.submit(() -> reads.call(waited -> {
                calls.incrementAndGet();
                return stored.get();
            }, coalesced::incrementAndGet, thrown -> -1L)));
        }
        awaitWaiting(6, new ThreadGroupProbe());

        firstRead.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).as("the read that started before the write").isEqualTo(1L);
        for (Future<Long> f : next) {
            assertThat(f.get(10, TimeUnit.SECONDS)).as("a request that arrived after the write").isEqualTo(2L);
        }
        assertThat(calls.get()).as("store reads for 7 requests, 6 of them arriving during the first").isEqualTo(2);
        assertThat(coalesced.get()).as("requests served by another request's read").isEqualTo(5);
    }
}
