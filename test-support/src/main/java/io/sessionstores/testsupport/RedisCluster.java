package io.sessionstores.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-master Redis Cluster on loopback ports 7101-7103, built from {@link RedisBinary}'s
 * {@code redis-server} as {@code redis-cli --cluster create} would, and a Redisson YAML file that
 * points at it. {@link #close()} shuts every node down; a JVM shutdown hook does it too if a
 * test run is aborted.
 */
public final class RedisCluster implements AutoCloseable {

    /** The ports of {@link #start()}: manager-redis's Cluster tests. */
    public static final int[] PORTS = {7101, 7102, 7103};

    private final int[] ports;
    private final List<RedisServer> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "redis-cluster-stop");
    private Path yaml;

    private RedisCluster(int[] ports) {
        this.ports = ports.clone();
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!allNodesOk()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster did not reach cluster_state:ok after:\n" + out);
            }
            Thread.sleep(100);
        }
        StringBuilder text = new StringBuilder("clusterServersConfig:\n  timeout: 2000\n  retryAttempts: 1\n"
                + "  nodeAddresses:\n");
        for (int port : ports) {
            text.append("    - \"redis://127.0.0.1:").append(port).append("\"\n");
        }
        yaml = Files.writeString(dir.resolve("redisson.yaml"), text);
    }

    private boolean allNodesOk() throws IOException, InterruptedException {
        for (int port : ports) {
            if (!RedisServer.cli(port, "cluster", "info").contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
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
