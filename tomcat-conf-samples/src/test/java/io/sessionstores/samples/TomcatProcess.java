package io.sessionstores.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SampleTomcat} in a JVM of its own: one Tomcat node as in production, with JNDI
 * enabled (two naming-enabled Tomcats cannot share a JVM: their web applications' naming
 * contexts have the same name). Its output goes to {@code <dir>/tomcat.log}; {@link #stop()} sends
 * SIGTERM (as Ctrl-C or a service stop does) and waits for a clean shutdown.
 */
final class TomcatProcess implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final Process process;
    private final int port;
    private final String path;
    private final Path log;
    private final Path dir;
    private final Map<String, String> properties;
    private final String[] arguments;

    private TomcatProcess(Process process, int port, String path, Path dir, Map<String, String> properties,
            String... arguments) {
        this.process = process;
        this.port = port;
        this.path = path;
        this.log = dir.resolve("tomcat.log");
        this.dir = dir;
        this.properties = properties;
        this.arguments = arguments;
    }

    /**
     * Starts {@code SampleTomcat} with {@code arguments} (see its class comment) and the system
     * properties {@code properties} (the sample's {@code ${...}} settings), on a free port, and
     * waits until it serves.
     */
    static TomcatProcess start(Path dir, String path, Map<String, String> properties, String... arguments) {
        return start(0, dir, path, properties, arguments);
    }

    private static TomcatProcess start(int port, Path dir, String path, Map<String, String> properties,
            String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SampleTomcat.class.getName());
        command.add("--port=" + port);
        command.add("--path=" + path);
        command.add("--base-dir=" + dir.resolve("tomcat"));
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("tomcat.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new TomcatProcess(process, awaitReady(process, log), path, dir, properties, arguments);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Reads the output until {@code READY <port>}, copying it to {@code log}; keeps copying after. */
    private static int awaitReady(Process process, Path log) {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    if (line.startsWith(SampleTomcat.READY + " ")) {
                        ready.complete(Integer.parseInt(line.substring(SampleTomcat.READY.length() + 1).trim()));
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("Tomcat process ended before it was ready"));
        }, "tomcat-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Tomcat process did not become ready; see " + log, e);
        }
    }

    /** {@code http://127.0.0.1:<port><path>/}. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + path + "/");
    }

    /** The process's output so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** SIGKILL (a crash: no shutdown hook, no Manager stop), then waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Tomcat process still running 30 s after SIGKILL; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new process with this one's settings on the same port (this one must have ended), once it serves. */
    TomcatProcess startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("Tomcat process on port " + port + " is still running");
        }
        return start(port, dir, path, properties, arguments);
    }

    /** SIGTERM, then waits for the JVM to end (Tomcat and its Manager stop on the way). */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Tomcat process did not stop within 30 s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
