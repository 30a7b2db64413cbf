package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The threads the store's own pool runs on: never holding the web application, ended on stop. */
class PoolThreadsTest {

    @Test
    void threadsCarryTheStoresClassLoaderNotTheCreatingThreadsOne() throws Exception {
        PoolThreads threads = new PoolThreads("session-stores test");
        ClassLoader webapp = new URLClassLoader(new URL[0]);
        Thread creator = Thread.currentThread();
        ClassLoader previous = creator.getContextClassLoader();
        creator.setContextClassLoader(webapp); // as while Tomcat starts a context
        Thread made;
        try {
            made = threads.newThread(() -> { });
        } finally {
            creator.setContextClassLoader(previous);
        }

        assertThat(made.getContextClassLoader()).as("context class loader of a pool thread")
                .isSameAs(PoolThreads.class.getClassLoader()).isNotSameAs(webapp);
        assertThat(made.isDaemon()).as("daemon").isTrue();
        assertThat(made.getName()).startsWith("session-stores test pool-");
    }

    @Test
    void awaitEndWakesASleepingThreadAndWaitsForIt() throws Exception {
        PoolThreads threads = new PoolThreads("session-stores test");
        CountDownLatch sleeping = new CountDownLatch(1);
        Thread t = threads.newThread(() -> {
            sleeping.countDown();
            try {
                Thread.sleep(60_000); // as HikariCP between two connection attempts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertThat(sleeping.await(5, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        assertThat(threads.awaitEnd(5_000)).as("threads still running").isEmpty();
        assertThat(t.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("ms waited").isLessThan(5_000);
    }

    @Test
    void awaitEndNamesAThreadThatDoesNotEndInTime() throws Exception {
        PoolThreads threads = new PoolThreads("session-stores test");
        CountDownLatch release = new CountDownLatch(1);
        Thread t = threads.newThread(() -> {
            while (true) {
                try {
                    release.await(); // deaf to the first interrupt, as a thread inside a driver's connect
                    return;
                } catch (InterruptedException e) {
                    // keeps waiting
                }
            }
        });
        t.start();

        assertThat(threads.awaitEnd(100)).as("threads still running").containsExactly(t.getName());
        release.countDown();
        t.join(5_000);
        assertThat(threads.awaitEnd(100)).isEmpty();
    }
}
