package io.sessionstores.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.sessionstores.testsupport.RedisBinary;
import io.sessionstores.testsupport.RedisServer;

/**
 * Redis with replicas on loopback ports 7440-7459, from {@link RedisBinary}'s {@code redis-server}: a
 * Sentinel set-up (master 7440, replica 7441, one sentinel 7442) or a 6-node Cluster with one
 * replica per master (7450-7455). Full syncs start at once ({@code repl-diskless-sync-delay 0}),
 * so a node that comes back is a synced replica within a second or two. Every process is stopped by {@link #close()} (and by a
 * shutdown hook if a run is aborted). Gives the Redisson YAML that reaches it, kills the current
 * master with SIGKILL and brings the killed node back.
 */
final class ReplicatedRedis implements AutoCloseable {

    static final int SENTINEL_MASTER = 7440;
    static final int SENTINEL_REPLICA = 7441;
    static final int SENTINEL_PORT = 7442;
    static final int[] CLUSTER_PORTS = {7450, 7451, 7452, 7453, 7454, 7455};
    /** Seconds an {@link #await} waits by default. */
    static final int AWAIT_SECONDS = 30;
    private static final String[] SYNC_AT_ONCE = {"--repl-diskless-sync-delay", "0"};
    static final String MASTER_NAME = "sessions";

    private final boolean cluster;
    private final List<RedisServer> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "replicated-redis-stop");
    private Path dir;
    private Path yaml;

    private ReplicatedRedis(boolean cluster) {
        this.cluster = cluster;
    }

    static ReplicatedRedis sentinel() throws Exception {
        return start(new ReplicatedRedis(false));
    }

    static ReplicatedRedis cluster() throws Exception {
        return start(new ReplicatedRedis(true));
    }

    private static ReplicatedRedis start(ReplicatedRedis redis) throws Exception {
        Runtime.getRuntime().addShutdownHook(redis.shutdownHook);
        try {
            redis.dir = Files.createTempDirectory("redis-replicated");
            if (redis.cluster) {
                redis.createCluster();
            } else {
                redis.createSentinel();
            }
        } catch (Exception | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private void createSentinel() throws Exception {
        nodes.add(RedisServer.start(SENTINEL_MASTER, SYNC_AT_ONCE));
        nodes.add(RedisServer.start(SENTINEL_REPLICA, "--replicaof", "127.0.0.1", String.valueOf(SENTINEL_MASTER),
                SYNC_AT_ONCE[0], SYNC_AT_ONCE[1]));
        await("replica in sync", () -> info(SENTINEL_REPLICA, "replication").contains("master_link_status:up"));
        Path conf = Files.writeString(dir.resolve("sentinel.conf"), "sentinel monitor " + MASTER_NAME + " 127.0.0.1 "
                + SENTINEL_MASTER + " 1\nsentinel down-after-milliseconds " + MASTER_NAME + " 1000\n"
                + "sentinel failover-timeout " + MASTER_NAME + " 5000\n");
        RedisServer.cli(SENTINEL_PORT, "shutdown", "nosave");
        RedisServer.run(List.of(RedisBinary.command(), conf.toString(), "--sentinel", "--port", String.valueOf(SENTINEL_PORT),
                "--bind", "127.0.0.1", "--daemonize", "yes", "--dir", dir.toString(),
                "--logfile", dir.resolve("sentinel.log").toString()));
        await("sentinel sees the replica", () -> cli(SENTINEL_PORT, "sentinel", "replicas", MASTER_NAME)
                .contains(String.valueOf(SENTINEL_REPLICA)));
        yaml = Files.writeString(dir.resolve("redisson.yaml"), "sentinelServersConfig:\n  masterName: " + MASTER_NAME
                + "\n  sentinelAddresses:\n    - \"redis://127.0.0.1:" + SENTINEL_PORT + "\"\n"
                + "  checkSentinelsList: false\n  scanInterval: 250\n  timeout: 1000\n  retryAttempts: 1\n");
    }

    private void createCluster() throws Exception {
        for (int port : CLUSTER_PORTS) {
            nodes.add(RedisServer.start(port, "--cluster-enabled", "yes", "--cluster-node-timeout", "1000",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(), SYNC_AT_ONCE[0],
                    SYNC_AT_ONCE[1]));
        }
        String out = RedisServer.createCluster(CLUSTER_PORTS, 1);
        await("cluster_state:ok with 3 replicas in sync after:\n" + out, this::clusterReady);
        StringBuilder text = new StringBuilder("clusterServersConfig:\n  scanInterval: 250\n  timeout: 1000\n"
                + "  retryAttempts: 1\n  nodeAddresses:\n");
        for (int port : CLUSTER_PORTS) {
            text.append("    - \"redis://127.0.0.1:").append(port).append("\"\n");
        }
        yaml = Files.writeString(dir.resolve("redisson.yaml"), text);
    }

    private boolean clusterReady() {
        int synced = 0;
        for (int port : CLUSTER_PORTS) {
            if (!cli(port, "cluster", "info").contains("cluster_state:ok")) {
                return false;
            }
            if (info(port, "replication").contains("master_link_status:up")) {
                synced++;
            }
        }
        return synced == CLUSTER_PORTS.length / 2;
    }

    String redissonYaml() {
        return yaml.toString();
    }

    /**
     * The node that is master of {@code key} now (Sentinel: the one master), asked of a live node;
     * -1 while none is (a Cluster between a master's failure and its replica's promotion).
     */
    int masterPort(String key) {
        if (!cluster) {
            String answer = cli(SENTINEL_PORT, "sentinel", "get-master-addr-by-name", MASTER_NAME);
            return Integer.parseInt(answer.trim().split("\\s+")[1]);
        }
        for (int port : CLUSTER_PORTS) {
            String slotText = cli(port, "cluster", "keyslot", key).trim();
            if (!slotText.matches("\\d+")) {
                continue;
            }
            int slot = Integer.parseInt(slotText);
            for (String line : cli(port, "cluster", "nodes").split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail") && holds(f, slot)) {
                    return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                }
            }
        }
        return -1;
    }

    /**
     * Waits until a node other than {@code oldMaster} is master of {@code key} and answers as one
     * ({@code role:master}); returns its port. One observation, kept: {@link #masterPort} asked
     * again a moment later may answer -1 while the views of the nodes still differ (or a
     * command fails on a loaded machine).
     */
    int awaitNewMaster(String key, int oldMaster) {
        int[] found = {-1};
        await("a replica promoted in place of " + oldMaster, () -> {
            int port = masterPort(key);
            if (port > 0 && port != oldMaster && info(port, "replication").contains("role:master")) {
                found[0] = port;
                return true;
            }
            return false;
        });
        return found[0];
    }

    private static boolean holds(String[] nodeLine, int slot) {
        for (int i = 8; i < nodeLine.length; i++) {
            String[] range = nodeLine[i].split("-");
            if (range[0].startsWith("[")) {
                continue;
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** A replica of the master on {@code masterPort}. */
    int replicaOf(int masterPort) {
        for (RedisServer node : nodes) {
            String replication = info(node.port(), "replication");
            if (replication.contains("role:slave") && replication.contains("master_port:" + masterPort)) {
                return node.port();
            }
        }
        throw new IllegalStateException("no replica of " + masterPort);
    }

    /** Kills the redis-server on {@code port} with SIGKILL (no shutdown, nothing saved). */
    void kill(int port) {
        long pid = Long.parseLong(field(info(port, "server"), "process_id"));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await("redis-server " + port + " gone", () -> !cli(port, "ping").contains("PONG"));
    }

    /**
     * Starts the killed node again as a replica of the promoted one (a Cluster node finds that out
     * itself; under Sentinel the test does what Sentinel would do some seconds later).
     */
    void restart(int port, int newMaster) throws IOException, InterruptedException {
        for (RedisServer node : nodes) {
            if (node.port() == port) {
                node.start();
            }
        }
        if (!cluster) {
            cli(port, "replicaof", "127.0.0.1", String.valueOf(newMaster));
        }
    }

    /**
     * Waits until the node on {@code port} is a replica of {@code masterPort} with its link up and
     * the master counts it online: the cluster's (or Sentinel's) actual state, not a fixed time.
     * Returns the milliseconds it took; a timeout names what each side said.
     */
    long awaitReplicaOf(int port, int masterPort, int seconds) {
        long started = System.nanoTime();
        String what = "redis-server " + port + " back as a synced replica of " + masterPort;
        try {
            await(what, seconds, () -> {
                String own = info(port, "replication");
                return own.contains("role:slave") && own.contains("master_port:" + masterPort)
                        && own.contains("master_link_status:up")
                        && info(masterPort, "replication").contains("port=" + port + ",state=online");
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nINFO replication of " + port + ":\n"
                    + info(port, "replication") + "\nof " + masterPort + ":\n" + info(masterPort, "replication")
                    + (cluster ? "\nCLUSTER NODES of " + port + ":\n" + cli(port, "cluster", "nodes") : ""), e);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** One field of {@code INFO section} text. */
    static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }

    static String info(int port, String section) {
        return cli(port, "info", section);
    }

    static String cli(int port, String... args) {
        return RedisServer.cli(port, args);
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, AWAIT_SECONDS, condition);
    }

    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for: " + what);
            }
        }
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
        cli(SENTINEL_PORT, "shutdown", "nosave");
        for (RedisServer node : nodes) {
            try {
                node.stop();
            } catch (IOException | InterruptedException e) {
                // best effort: the next start shuts leftovers down too
            }
        }
    }
}
