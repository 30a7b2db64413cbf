package io.sessionstores.samples;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Two Tomcats in two JVMs serving the same web application with the same context.xml settings:
 * what a non-sticky load balancer spreads requests over. Request {@code i} goes to
 * {@link #node(int)}: even to node a, odd to node b.
 */
final class TwoNodes implements AutoCloseable {

    private final TomcatProcess a;
    private volatile TomcatProcess b;

    private TwoNodes(TomcatProcess a, TomcatProcess b) {
        this.a = a;
        this.b = b;
    }

    /** Starts both nodes under {@code dir} with the sample {@code ${...}} settings and arguments. */
    static TwoNodes start(Path dir, String path, Map<String, String> settings, String... arguments) {
        TomcatProcess a = TomcatProcess.start(dir.resolve("a"), path, settings, arguments);
        try {
            return new TwoNodes(a, TomcatProcess.start(dir.resolve("b"), path, settings, arguments));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    URI a() {
        return a.baseUri();
    }

    URI b() {
        return b.baseUri();
    }

    /** SIGKILL to node b (a crash), then starts it again on the same port; returns once it serves. */
    void killAndStartAgainB() {
        b.kill();
        b = b.startAgain();
    }

    /** Node a for even {@code i}, node b for odd. */
    URI node(int i) {
        return i % 2 == 0 ? a() : b();
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
