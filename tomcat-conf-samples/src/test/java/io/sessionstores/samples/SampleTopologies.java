package io.sessionstores.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sessionstores.testsupport.RedisBinary;
import io.sessionstores.testsupport.RedisCluster;
import io.sessionstores.testsupport.RedisServer;

/**
 * The Redis set-ups the {@code redis-cluster} and {@code redis-sentinel} samples describe, for the
 * sample tests: a 3-master Cluster ({@link RedisCluster}) and a Sentinel
 * set-up (one master, one replica, one {@code redis-server --sentinel}), started from
 * {@link RedisBinary}'s {@code redis-server} on loopback ports and stopped by {@link #close()}. Each gives the system
 * properties that point the sample's {@code redisson.yaml} at it.
 */
final class SampleTopologies implements AutoCloseable {

    /** The master name the Sentinel monitors (the sample's default). */
    public static final String MASTER_NAME = "sessions";

    private final AutoCloseable resources;
    private final Map<String, String> properties;

    private SampleTopologies(AutoCloseable resources, Map<String, String> properties) {
        this.resources = resources;
        this.properties = properties;
    }

    /** A 3-master Cluster on {@code ports} (three of them). */
    public static SampleTopologies cluster(int... ports) throws Exception {
        RedisCluster cluster = RedisCluster.start(ports);
        return new SampleTopologies(cluster, Map.of(
                "sessionstores.redis.cluster.node1", "127.0.0.1:" + ports[0],
                "sessionstores.redis.cluster.node2", "127.0.0.1:" + ports[1],
                "sessionstores.redis.cluster.node3", "127.0.0.1:" + ports[2]));
    }

    /** A master on {@code masterPort}, its replica on the next port, a Sentinel on {@code sentinelPort}. */
    public static SampleTopologies sentinel(int masterPort, int sentinelPort) throws Exception {
        Path dir = Files.createTempDirectory("redis-sentinel-sample");
        RedisServer master = RedisServer.start(masterPort);
        RedisServer replica = null;
        Sentinel sentinel = null;
        try {
            replica = RedisServer.start(masterPort + 1, "--replicaof", "127.0.0.1", String.valueOf(masterPort));
            sentinel = new Sentinel(sentinelPort, dir, masterPort);
            RedisServer started = replica;
            Sentinel watching = sentinel;
            return new SampleTopologies(() -> {
                watching.close();
                started.close();
                master.close();
            }, Map.of("sessionstores.redis.sentinel1", "127.0.0.1:" + sentinelPort,
                    "sessionstores.redis.sentinel.master", MASTER_NAME));
        } catch (Exception | Error e) {
            if (sentinel != null) {
                sentinel.close();
            }
            if (replica != null) {
                replica.close();
            }
            master.close();
            throw e;
        }
    }

    /** The system properties that point the sample's files at this set-up. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }

    /** One {@code redis-server --sentinel} watching a master, until it sees the replica. */
    private static final class Sentinel implements AutoCloseable {
        private final int port;

        Sentinel(int port, Path dir, int masterPort) throws IOException, InterruptedException {
            this.port = port;
            Path conf = Files.writeString(dir.resolve("sentinel.conf"), "sentinel monitor " + MASTER_NAME
                    + " 127.0.0.1 " + masterPort + " 1\nsentinel down-after-milliseconds " + MASTER_NAME + " 1000\n");
            RedisServer.cli(port, "shutdown", "nosave"); // a leftover of an aborted run
            RedisServer.run(List.of(RedisBinary.command(), conf.toString(), "--sentinel", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--daemonize", "yes", "--dir", dir.toString(),
                    "--logfile", dir.resolve("sentinel.log").toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!RedisServer.cli(port, "sentinel", "replicas", MASTER_NAME).contains(String.valueOf(masterPort + 1))) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("the sentinel on port " + port + " did not see the replica; see " + dir);
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            RedisServer.cli(port, "shutdown", "nosave");
        }
    }
}
