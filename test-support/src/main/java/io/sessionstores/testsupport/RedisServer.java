package io.sessionstores.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' one launcher of a private {@code redis-server} ({@link RedisBinary}) on a loopback port
 * (tests: 7100-7199, the samples' 7420-7439; the benchmarks' figure parts: 7311-7313), started by
 * a test and always stopped by it ({@code shutdown nosave}, or {@link #kill()}), so its command
 * statistics and memory figures are the test's own. Cluster and Sentinel set-ups are built from it
 * ({@link #createCluster}).
 */
public final class RedisServer implements AutoCloseable {

    private static final int CLUSTER_SLOTS = 16384;

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;

    private RedisServer(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on {@code port}; {@code extraArgs} are further {@code --name value} settings. */
    public static RedisServer start(int port, String... extraArgs) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(port, Files.createTempDirectory("redis-" + port), List.of(extraArgs));
        server.start();
        return server;
    }

    /**
     * A server on {@code port} whose files go to {@code dir}, with an append-only file synced on every
     * write, not started yet ({@link #start()}): a write Redis acknowledged is on disk, so after
     * {@link #kill()} and {@link #start()} on the same port and directory the server still has it (as
     * a production Redis that sessions must survive is configured).
     */
    public static RedisServer durable(int port, Path dir) throws IOException {
        Files.createDirectories(dir);
        return new RedisServer(port, dir, List.of("--appendonly", "yes", "--appendfsync", "always"));
    }

    /** A server on {@code port} that lives as long as this JVM (stopped by a shutdown hook). */
    static RedisServer startOwned(int port) {
        try {
            RedisServer server = start(port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.cli("shutdown", "nosave"), "redis-" + port + "-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + RedisBinary.path() + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting redis-server", e);
        }
    }

    /** A loopback port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (Re)starts the server with the settings it was created with; returns once it answers. */
    public void start() throws IOException, InterruptedException {
        cli("shutdown", "nosave"); // a leftover from an aborted run
        List<String> cmd = new ArrayList<>(List.of(RedisBinary.command(), "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(extraArgs);
        run(cmd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cli("ping").contains("PONG")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir);
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server without saving (simulates a crash as far as data is concerned). */
    public void stop() throws IOException, InterruptedException {
        cli("shutdown", "nosave");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cli("ping").contains("PONG") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** SIGKILL: the server ends at once, without a chance to write anything more; returns once it no longer answers. */
    public void kill() throws InterruptedException {
        long pid;
        try {
            pid = info("server", "process_id");
        } catch (IllegalStateException e) {
            return; // not running
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cli("ping").contains("PONG") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs one command on this server ({@link RedisCli}) and returns its reply as text. */
    public String cli(String... args) {
        return cli(port, args);
    }

    /** Runs one command on the server on loopback {@code port} ({@link RedisCli}) and returns its reply as text. */
    public static String cli(int port, String... args) {
        return RedisCli.call(port, args);
    }

    /** Runs a program (e.g. {@link RedisBinary#command()} with a Sentinel's settings) and returns its output. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return out;
    }

    /** One field of {@code INFO <section>}, as a number. */
    public long info(String section, String field) {
        for (String line : cli("info", section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("no " + field + " in INFO " + section);
    }

    /**
     * Makes a Cluster of the started, cluster-enabled servers on {@code ports}, as
     * {@code redis-cli --cluster create ... --cluster-replicas replicas} does: the first
     * {@code ports.length / (replicas + 1)} are masters holding equal slot ranges, each of the others
     * a replica of one of them in turn. Returns what was done, for a failure message; the caller
     * waits for {@code cluster_state:ok}.
     */
    public static String createCluster(int[] ports, int replicas) throws InterruptedException {
        StringBuilder log = new StringBuilder();
        int masters = ports.length / (replicas + 1);
        for (int i = 0; i < ports.length; i++) {
            log.append(ports[i]).append(" epoch: ").append(cli(ports[i], "cluster", "set-config-epoch", String.valueOf(i + 1)));
            if (i < masters) {
                int from = i * CLUSTER_SLOTS / masters;
                int to = (i + 1) * CLUSTER_SLOTS / masters - 1;
                log.append(ports[i]).append(" slots ").append(from).append('-').append(to).append(": ")
                        .append(cli(ports[i], "cluster", "addslotsrange", String.valueOf(from), String.valueOf(to)));
            }
        }
        for (int i = 1; i < ports.length; i++) {
            log.append("meet ").append(ports[i]).append(": ")
                    .append(cli(ports[0], "cluster", "meet", "127.0.0.1", String.valueOf(ports[i])));
        }
        for (int i = masters; i < ports.length; i++) {
            String masterId = cli(ports[(i - masters) % masters], "cluster", "myid").trim();
            String answer = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // the replica must have heard of its master (gossip) before it can follow it
            while (!(answer = cli(ports[i], "cluster", "replicate", masterId)).contains("OK")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            log.append(ports[i]).append(" replicates ").append(masterId).append(": ").append(answer);
        }
        return log.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
