package io.sessionstores.core.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Named gates that hold a request inside the test webapp until the test opens them, so a race
 * between nodes is played in a fixed order instead of by timing. The class sits outside the
 * webapp's package, so every node's web application and the test share it (loaded once, from the
 * test class path):
 * <pre>{@code
 * Future<Response> held = pool.submit(() -> client.get(a.baseUri(), "session/get?hold=touch"));
 * Gates.awaitArrival("touch");   // the request on a is now inside the servlet
 * client.get(b.baseUri(), "session/invalidate");
 * Gates.open("touch");           // a's request finishes (and saves) now
 * }</pre>
 */
public final class Gates {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private record Gate(CountDownLatch arrived, CountDownLatch opened) {
        Gate() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }
    }

    private Gates() {
    }

    private static Gate gate(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate());
    }

    /** Called by a request: announces its arrival at gate {@code name}, then waits until it is open. */
    public static void pass(String name) {
        Gate gate = gate(name);
        gate.arrived().countDown();
        await(gate.opened(), name + " to open");
    }

    /** Waits until a request has arrived at gate {@code name}. */
    public static void awaitArrival(String name) {
        await(gate(name).arrived(), "a request at " + name);
    }

    /** Lets the request(s) held at gate {@code name} go on. */
    public static void open(String name) {
        gate(name).opened().countDown();
    }

    /** Forgets every gate (between tests; open ones first, so nothing stays held). */
    public static void reset() {
        GATES.values().forEach(g -> g.opened().countDown());
        GATES.clear();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited " + TIMEOUT_SECONDS + " s for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }
}
