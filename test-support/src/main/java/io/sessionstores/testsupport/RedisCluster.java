package io.sessionstores.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-master Redis Cluster on loopback ports 7101-7103 (or {@link #PORTS}' others), built from {@link RedisBinary}'s
 * {@code redis-server} as {@code redis-cli --cluster create} would, and a Redisson YAML file that
 * points at it. {@link #close()} shuts every node down; a JVM shutdown hook does it too if a
 * test run is aborted.
 *
 * <p>A start takes about 2 s however fast the machine: a master reports {@code cluster_state:ok}
 * no sooner than 2 s after it started (Redis's {@code CLUSTER_WRITABLE_DELAY}). Test classes that
 * run one after the other may therefore share one cluster, {@link #reset()} before each.
 */
public final class RedisCluster implements AutoCloseable {

    /**
     * The ports of {@link #start()}: manager-redis's Cluster tests; 7101-7103, or the three
     * comma-separated ports of the environment variable {@code SESSIONSTORES_CLUSTER_PORTS} (so that
     * two checkouts on one machine can run their Cluster tests at once).
     */
    public static final int[] PORTS = ports(System.getenv("SESSIONSTORES_CLUSTER_PORTS"));

    private static final int SLOTS = 16384;

    private final int[] ports;
    private final List<RedisServer> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "redis-cluster-stop");
    private Path yaml;

    private RedisCluster(int[] ports) {
        this.ports = ports.clone();
    }

    private static int[] ports(String configured) {
        if (configured == null || configured.isBlank()) {
            return new int[] {7101, 7102, 7103};
        }
        int[] ports = Arrays.stream(configured.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
        if (ports.length != 3) {
            throw new IllegalArgumentException("SESSIONSTORES_CLUSTER_PORTS must name 3 ports, not " + configured);
        }
        return ports;
    }

    /** A cluster on {@link #PORTS}. */
    public static RedisCluster start() throws Exception {
        return start(PORTS);
    }

    /** A cluster on three other loopback ports (a test class that must not share 7101-7103). */
    public static RedisCluster start(int... ports) throws Exception {
        RedisCluster cluster = new RedisCluster(ports);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.create();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void create() throws Exception {
        Path dir = Files.createTempDirectory("redis-cluster");
        for (int port : ports) {
            nodes.add(RedisServer.start(port, "--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString()));
        }
        String out = RedisServer.createCluster(ports, 0);
        awaitConsistent("after:\n" + out);
        StringBuilder text = new StringBuilder("clusterServersConfig:\n  timeout: 2000\n  retryAttempts: 1\n"
                + "  nodeAddresses:\n");
        for (int port : ports) {
            text.append("    - \"redis://127.0.0.1:").append(port).append("\"\n");
        }
        yaml = Files.writeString(dir.resolve("redisson.yaml"), text);
    }

    /**
     * Makes this cluster as a new one is, for the next test class: no keys ({@code FLUSHALL}), no
     * scripts ({@code SCRIPT FLUSH}) and no command statistics ({@code CONFIG RESETSTAT}) on any
     * master, every master answering and agreeing that the cluster is ok with every slot served
     * and all masters known. A node that no longer answers or a cluster not in that state (a
     * crash, another run's test on the same ports) makes it start the whole cluster anew.
     */
    public void reset() throws Exception {
        if (!allNodesAnswer() || !clusterInfos().stream().allMatch(this::consistent)) {
            stopQuietly();
            nodes.clear();
            create();
        }
        for (int port : ports) {
            for (String[] command : new String[][] {{"flushall"}, {"script", "flush"}, {"config", "resetstat"}}) {
                String reply = RedisServer.cli(port, command);
                if (!reply.startsWith("OK")) {
                    throw new IllegalStateException("node " + port + " answered " + String.join(" ", command) + " with " + reply);
                }
            }
        }
        awaitConsistent("after a reset");
    }

    private boolean allNodesAnswer() {
        for (int port : ports) {
            if (!RedisServer.cli(port, "ping").contains("PONG")) {
                return false;
            }
        }
        return true;
    }

    /** Waits (at most 30 s) until every node says the cluster is ok, with every slot served and every master known. */
    private void awaitConsistent(String when) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> infos;
        while (!(infos = clusterInfos()).stream().allMatch(this::consistent)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster not consistent " + when + "\nCLUSTER INFO of nodes "
                        + Arrays.toString(ports) + ":\n" + String.join("\n", infos));
            }
            Thread.sleep(100);
        }
    }

    private List<String> clusterInfos() {
        return Arrays.stream(ports).mapToObj(port -> RedisServer.cli(port, "cluster", "info")).toList();
    }

    private boolean consistent(String clusterInfo) {
        List<String> lines = clusterInfo.lines().map(String::strip).toList();
        return lines.contains("cluster_state:ok") && lines.contains("cluster_slots_ok:" + SLOTS)
                && lines.contains("cluster_known_nodes:" + ports.length);
    }

    /** The Redisson YAML configuration of this cluster. */
    public String redissonYaml() {
        return yaml.toString();
    }

    /** The masters, in the order of their ports. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }

    private void stopQuietly() {
        for (RedisServer node : nodes) {
            try {
                node.stop();
            } catch (IOException | InterruptedException e) {
                // best effort: the next start shuts leftovers down too
            }
        }
    }
}
