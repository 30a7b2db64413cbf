package io.sessionstores.samples;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.sessionstores.core.it.SessionClient;

/**
 * A load of mixed reads and writes from several browsers, each with a session of its own, spread
 * over two Tomcats without stickiness (each browser alternates between the nodes), for fault
 * tests. A write sets one of the session's attributes {@code w0..w3} to the browser's next
 * sequence number; what a 200 answer acknowledged is remembered, so that {@link #verify()} can
 * tell whether any acknowledged write was lost. A request that cannot connect (a node that is
 * down) is sent once more to the other node, as a load balancer does on a connection error.
 * Every request's outcome is recorded with the phase of the test it started in.
 */
final class MixedLoad implements AutoCloseable {

    /** Phases of a fault test: requests are classified by the phase they started in. */
    enum Phase {
        /** Before the fault. */
        BEFORE,
        /** While the fault lasts. */
        FAULT,
        /** From the end of the fault until the test expects every request to succeed again. */
        RECOVERING,
        /** Recovered: every request must succeed. */
        AFTER
    }

    /**
     * How one request ended: an HTTP status, or {@code refused}, {@code timeout}, {@code connection
     * lost}; {@code endedAt} in ms since the load started.
     */
    record Outcome(Phase phase, String kind, boolean write, String node, long millis, long endedAt) {
    }

    static final int ATTRIBUTES = 4;
    static final String REFUSED = "refused (sent to the other node)";

    private final List<URI> nodes;
    private final List<Browser> browsers = new ArrayList<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Map<Phase, Integer> staleReads = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final long thinkMillis;
    private final long startedAt = System.nanoTime();
    private final Map<Phase, Long> phaseStarts = new ConcurrentHashMap<>(Map.of(Phase.BEFORE, 0L));
    private volatile Phase phase = Phase.BEFORE;
    private volatile boolean running = true;

    private MixedLoad(List<URI> nodes, int browsers, long thinkMillis) {
        this.nodes = nodes;
        this.thinkMillis = thinkMillis;
        this.threads = Executors.newFixedThreadPool(browsers);
    }

    /**
     * Creates one session per browser (each on the node its number picks, attribute {@code w0}
     * set), then lets every browser send requests until {@link #stop()}, pausing
     * {@code thinkMillis} after each.
     */
    static MixedLoad start(URI a, URI b, int browsers, long thinkMillis) {
        MixedLoad load = new MixedLoad(List.of(a, b), browsers, thinkMillis);
        for (int i = 0; i < browsers; i++) {
            Browser browser = load.new Browser(i);
            browser.createSession();
            load.browsers.add(browser);
        }
        load.browsers.forEach(browser -> load.threads.execute(browser::run));
        return load;
    }

    /** From now on, requests belong to {@code next}. */
    void phase(Phase next) {
        phaseStarts.put(next, now());
        this.phase = next;
    }

    /** Milliseconds since the load started. */
    private long now() {
        return (System.nanoTime() - startedAt) / 1_000_000;
    }

    /**
     * Milliseconds from the start of {@link Phase#RECOVERING} (the fault repaired) to the end of the
     * last request that did not answer 200; 0 when none failed after the repair.
     */
    long recoveryMillis() {
        long repaired = phaseStarts.getOrDefault(Phase.RECOVERING, Long.MAX_VALUE);
        return outcomes.stream().filter(o -> !o.kind().equals("200")).mapToLong(Outcome::endedAt)
                .map(t -> t - repaired).filter(t -> t > 0).max().orElse(0);
    }

    /**
     * The phase a request belongs to: the one it started and ended in; one that overlapped the
     * fault or the recovery belongs to that (a request in flight when the fault began is not
     * "before the fault").
     */
    private static Phase phaseOf(Phase started, Phase ended) {
        if (started == ended) {
            return started;
        }
        return started == Phase.BEFORE ? Phase.FAULT : ended == Phase.AFTER ? Phase.RECOVERING : started;
    }

    /** Ends the load: waits for every browser's request in flight. */
    void stop() {
        running = false;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load threads did not end within 60 s of the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.shutdownNow();
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Outcomes of {@code phase} counted by kind, e.g. {@code {200=812, 503=41}}. */
    Map<String, Long> kinds(Phase phase) {
        return outcomes.stream().filter(o -> o.phase() == phase)
                .collect(Collectors.groupingBy(Outcome::kind, TreeMap::new, Collectors.counting()));
    }

    /** Outcomes of every phase counted by kind. */
    Map<String, Long> kinds() {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::kind, TreeMap::new, Collectors.counting()));
    }

    /** The slowest request, as the browser saw it. */
    Outcome longest() {
        return outcomes.stream().max(Comparator.comparingLong(Outcome::millis)).orElseThrow();
    }

    /** Reads of {@code phase} that answered 200 with an older value than a write acknowledged before. */
    int staleReads(Phase phase) {
        return staleReads.getOrDefault(phase, 0);
    }

    long acknowledgedWrites() {
        return outcomes.stream().filter(o -> o.write() && o.kind().equals("200")).count();
    }

    /**
     * Reads every browser's session through each node and compares it with what was
     * acknowledged: an attribute missing or older than its last acknowledged value is a lost
     * write (newer is fine: a write whose answer was an error may still have been stored).
     */
    Verification verify() {
        int sessions = 0;
        int missing = 0;
        int checked = 0;
        List<String> lost = new ArrayList<>();
        for (Browser browser : browsers) {
            sessions++;
            for (URI node : nodes) {
                SessionClient.Response r = browser.client.get(node, "session/get");
                if (r.status() != 200) {
                    missing++;
                    lost.add("browser " + browser.number + ": session not found on " + node + " (" + r.status() + ")");
                    continue;
                }
                for (Map.Entry<String, Integer> acked : browser.acknowledged.entrySet()) {
                    checked++;
                    String value = r.attribute(acked.getKey());
                    if (value == null || Integer.parseInt(value) < acked.getValue()) {
                        lost.add("browser " + browser.number + " on " + node + ": " + acked.getKey() + "=" + value
                                + ", acknowledged " + acked.getValue());
                    }
                }
            }
        }
        return new Verification(sessions, missing, checked, lost);
    }

    /**
     * What {@link #verify()} found: sessions read back (through each node), sessions not found,
     * attribute values compared with their last acknowledged write, and every loss found.
     */
    record Verification(int sessions, int missingSessions, int attributesChecked, List<String> lost) {
    }

    /** One browser: its own session, its own thread, requests alternating between the nodes. */
    private final class Browser {

        private final int number;
        private final SessionClient client;
        /** Attribute name to the last value a 200 answer acknowledged. */
        private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        private int sequence;

        Browser(int number) {
            this.number = number;
            this.client = new SessionClient(nodes.get(number % 2));
        }

        void createSession() {
            SessionClient.Response created = client.get("session/create?name=w0&value=0");
            if (created.status() != 200) {
                throw new IllegalStateException("browser " + number + " could not create its session: " + created);
            }
            acknowledged.put("w0", 0);
        }

        void run() {
            for (int i = 0; running; i++) {
                request((number + i) % 2);
                if (thinkMillis > 0) {
                    try {
                        Thread.sleep(thinkMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void request(int nodeIndex) {
            boolean write = ThreadLocalRandom.current().nextBoolean();
            String attribute = null;
            String path = "session/get";
            if (write) {
                sequence++;
                attribute = "w" + (sequence % ATTRIBUTES);
                path = "session/set?name=" + attribute + "&value=" + sequence;
            }
            Phase started = phase;
            long t0 = System.nanoTime();
            SessionClient.Response r = send(nodeIndex, path, started, write, t0);
            if (r == null) {
                return;
            }
            if (r.status() == 200 && write) {
                acknowledged.put(attribute, sequence);
            } else if (r.status() == 200 && isStale(r)) {
                staleReads.merge(phaseOf(started, phase), 1, Integer::sum);
            }
        }

        /** Sends, once more to the other node when the connection is refused; records the outcome. */
        private SessionClient.Response send(int nodeIndex, String path, Phase started, boolean write, long t0) {
            int at = nodeIndex;
            for (int attempt = 0; ; attempt++) {
                try {
                    SessionClient.Response r = client.get(nodes.get(at), path);
                    record(started, String.valueOf(r.status()), write, at, t0);
                    return r;
                } catch (UncheckedIOException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof ConnectException && attempt == 0) {
                        outcomes.add(new Outcome(phaseOf(started, phase), REFUSED, write, name(at), 0, now()));
                        at = 1 - at;
                        continue;
                    }
                    record(started, cause instanceof HttpTimeoutException ? "timeout"
                            : cause instanceof ConnectException ? "refused" : "connection lost", write, at, t0);
                    return null;
                }
            }
        }

        private void record(Phase started, String kind, boolean write, int at, long t0) {
            outcomes.add(new Outcome(phaseOf(started, phase), kind, write, name(at),
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), now()));
        }

        private boolean isStale(SessionClient.Response r) {
            for (Map.Entry<String, Integer> acked : acknowledged.entrySet()) {
                String value = r.attribute(acked.getKey());
                if (value == null || Integer.parseInt(value) < acked.getValue()) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String name(int nodeIndex) {
        return nodeIndex == 0 ? "a" : "b";
    }
}
