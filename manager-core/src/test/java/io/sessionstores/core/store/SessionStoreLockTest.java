package io.sessionstores.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;

import org.apache.catalina.Store;
import org.junit.jupiter.api.Test;

/**
 * {@code Store.getSessionStoreLock(String)}: a {@code default ReadWriteLock} method of Tomcat's
 * {@code Store} in current patch releases, which {@link SessionStoreBase} once declared with
 * another return type ({@code Lock}), so the project no longer compiled against them. Called
 * through Tomcat's interface, it must reach the store's own lock: one read-write lock per id in
 * this JVM, not Tomcat's default (a fresh lock per call, which excludes nothing).
 */
class SessionStoreLockTest {

    private final Store store = new InMemorySessionStore();

    @Test
    void sessionStoreLockThroughTomcatsStoreIsOneReadWriteLockPerId() throws Exception {
        ReadWriteLock lock = store.getSessionStoreLock("A1B2");

        assertThat(store.getSessionStoreLock("A1B2")).as("the lock of the same id, asked again").isSameAs(lock);
        lock.writeLock().lock();
        try {
            boolean readElsewhere = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean got = store.getSessionStoreLock("A1B2").readLock().tryLock(50, TimeUnit.MILLISECONDS);
                    if (got) {
                        store.getSessionStoreLock("A1B2").readLock().unlock();
                    }
                    return got;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(readElsewhere).as("another thread's read lock while this one holds the write lock").isFalse();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
