package io.sessionstores.jdbc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the store's own HikariCP pool (housekeeper, connection adder and closer), made
 * so that they never hold a web application: daemon threads whose context class loader is the
 * store's own (the one that loaded this jar, Tomcat's common loader when it sits in
 * {@code lib/}), not the class loader of the web application whose start created the pool.
 * Otherwise a thread still connecting when the context stops (HikariCP waits for its connection
 * adder only {@code DriverManager.getLoginTimeout()} seconds and not at all for its housekeeper)
 * is reported by Tomcat as a memory leak and keeps the web application's classes loaded. The
 * store waits for them to end when it stops ({@link #awaitEnd(long)}).
 */
final class PoolThreads implements ThreadFactory {

    private final String namePrefix;
    private final ClassLoader loader = PoolThreads.class.getClassLoader();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    PoolThreads(String poolName) {
        this.namePrefix = poolName + " pool-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, namePrefix + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        threads.add(thread);
        return thread;
    }

    /**
     * After the pool is closed: wakes its threads (one sleeping between connection attempts ends at
     * once; one inside a driver's connect ends with the driver's timeout) and waits for them up to
     * {@code millis} in all.
     *
     * @return the names of the threads still running after that
     */
    List<String> awaitEnd(long millis) {
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread t : List.copyOf(threads)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
