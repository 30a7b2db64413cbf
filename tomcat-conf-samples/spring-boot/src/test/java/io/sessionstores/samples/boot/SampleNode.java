package io.sessionstores.samples.boot;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the sample application: the executable jar this module built
 * ({@code sample.jar}), started with {@code java -jar} on a free port, its output in
 * {@code target/sample-logs/<name>.log}.
 */
final class SampleNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    final String name;
    final String contextPath;
    final int port;
    final Path log;
    private final Process process;

    private SampleNode(String name, String contextPath, int port, Path log, Process process) {
        this.name = name;
        this.contextPath = contextPath;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the jar with {@code args} (properties as {@code --name=value}) under
     * {@code contextPath}; returns at once. A context path of the test's own makes an application
     * name of its own, so that the store's per-application records (Redis' layout key) never meet
     * another test's or another build's.
     */
    static SampleNode launch(String name, String contextPath, List<String> args) throws IOException {
        return launch(name, contextPath, args, java.util.Map.of());
    }

    /** As {@link #launch(String, String, List)}, with {@code environment} added to the process's. */
    static SampleNode launch(String name, String contextPath, List<String> args, java.util.Map<String, String> environment)
            throws IOException {
        int port = freePort();
        Path dir = Path.of("target", "sample-logs");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar(), "--server.port=" + port,
                "--server.servlet.context-path=" + contextPath));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The tests' own SESSIONSTORES_* settings (SESSIONSTORES_REDIS_HOST, ...) are, to Spring
        // Boot, session-stores.* properties: the application would refuse them as unknown. The
        // addresses it needs are in its arguments.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("SESSIONSTORES_"));
        builder.environment().putAll(environment);
        Process p = builder.start();
        return new SampleNode(name, contextPath, port, log, p);
    }

    static String jar() {
        String jar = System.getProperty("sample.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("sample.jar (the executable jar to test) is not set or missing: " + jar);
        }
        return jar;
    }

    /** Waits until the application answers on its port; fails with its log when it ends first. */
    SampleNode awaitStarted() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before it started:\n" + output());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not start within " + START_TIMEOUT + ":\n" + output());
    }

    /** Waits for the process to end by itself (a refused configuration); its exit code. */
    int awaitExit() throws Exception {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(name + " is still running after " + START_TIMEOUT + ":\n" + output());
        }
        return process.exitValue();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + contextPath + path;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
