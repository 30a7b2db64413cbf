package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.SessionPersister.Outcome;

/** The group commit of one session's saves: saves arriving during a write leave together in the next one. */
class CoalescedSavesTest {

    private final CoalescedSaves saves = new CoalescedSaves();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger coalesced = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Future<Outcome> save(CountDownLatch blockWrite, Outcome outcome) {
        return pool.submit(() -> saves.save(waited -> {
            writes.incrementAndGet();
            await(blockWrite);
            return outcome;
        }, coalesced::incrementAndGet));
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

    /** Counts the pool's threads blocked in {@code Object.wait} inside CoalescedSaves. */
    private static final class ThreadGroupProbe {
        int waiting() {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getState() == Thread.State.WAITING) {
                    for (StackTraceElement e : t.getStackTrace()) {
                        if (e.getClassName().equals(CoalescedSaves.class.getName()) && e.getMethodName().equals("awaitTurn")) {
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
        Outcome outcome = saves.save(w -> {
            waited[0] = w;
            return Outcome.WRITTEN;
        }, coalesced::incrementAndGet);
        assertThat(outcome).isEqualTo(Outcome.WRITTEN);
        assertThat(waited[0]).as("waited").isFalse();
        assertThat(coalesced.get()).isZero();
    }
}
