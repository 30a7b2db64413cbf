package io.sessionstores.core.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ChangeStream.Listener} that keeps what it was told, for the stores' change stream tests to wait on. */
public final class ChangeRecorder implements ChangeStream.Listener {

    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    public final AtomicInteger missed = new AtomicInteger();
    private volatile boolean following;

    @Override
    public void changed(String[] keys, long[] versions) {
        for (int i = 0; i < keys.length; i++) {
            events.add(keys[i] + " " + (versions[i] == ChangeStream.GONE ? "gone" : Long.toString(versions[i])));
        }
    }

    /** The records messages carried ({@link ChangeStream.Listener#changed(String, long, ChangeStream.PushedRecord)}), by "key version". */
    public final Map<String, ChangeStream.PushedRecord> carried = new ConcurrentHashMap<>();

    @Override
    public void changed(String key, long version, ChangeStream.PushedRecord record) {
        carried.put(key + " " + version, record);
        changed(new String[] {key}, new long[] {version});
    }

    @Override
    public void following() {
        following = true;
        events.add("following");
    }

    @Override
    public void missed(String why) {
        following = false;
        missed.incrementAndGet();
        events.add("missed: " + why);
    }

    public boolean isFollowing() {
        return following;
    }

    /** Waits until the stream is followed. */
    public void awaitFollowing(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!following) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the change stream was not followed within " + within + "; events: " + events);
            }
            Thread.sleep(10);
        }
    }

    /** The next change event (skipping following/missed events), or {@code null} after {@code within}. */
    public String nextChange(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null || !(e.equals("following") || e.startsWith("missed"))) {
                return e;
            }
        }
    }

    /** Waits for a {@code missed} event; returns its text. */
    public String awaitMissed(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no missed event within " + within);
            }
            if (e.startsWith("missed")) {
                return e;
            }
        }
    }
}
