package io.sessionstores.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sessionstores.testsupport.RedisCli;
import io.sessionstores.testsupport.RedisServer;

/**
 * Counts the commands clients send to a private Redis server, that is network round trips: a
 * {@code MONITOR} ({@link RedisCli#monitor}) runs beside the test, and the commands between two markers are
 * counted. Commands run inside a Lua script are shown by MONITOR as {@code [db lua]} and are not
 * round trips; {@code INFO commandstats} counts them too, so it cannot tell one EVALSHA from
 * three commands. Connection housekeeping (PING) and the change stream's heartbeats (an EVALSHA
 * of {@code heartbeat.lua} every half second per node, not tied to a request) are not counted.
 */
final class CommandCounter implements AutoCloseable {

    private static final Pattern LINE = Pattern.compile("^[0-9.]+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"(?: \"([^\"]*)\")?(?: \"(h )?)?");

    private final int port;
    private final AutoCloseable monitor;
    private static final String HEARTBEAT_SHA = LuaScript.named("heartbeat").sha();

    private final BlockingQueue<String[]> commands = new LinkedBlockingQueue<>();
    private int marker;
    private final List<String> scripted = new ArrayList<>();

    CommandCounter(int port) throws IOException, InterruptedException {
        this.port = port;
        this.monitor = RedisCli.monitor(port, this::seen);
        awaitMonitor();
    }

    /** MONITOR is live once it shows a marker; markers sent before it connected are never shown. */
    private void awaitMonitor() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String token = "sessionstores-ready-" + System.nanoTime();
            RedisServer.cli(port, "echo", token);
            String[] cmd;
            while ((cmd = commands.poll(200, TimeUnit.MILLISECONDS)) != null) {
                if (cmd[0].equals("echo") && token.equals(cmd[1])) {
                    commands.clear();
                    return;
                }
            }
        }
        throw new IllegalStateException("MONITOR on port " + port + " showed nothing");
    }

    private void seen(String line) {
        Matcher m = LINE.matcher(line);
        // the heartbeat: its EVALSHA, and inside it the PUBLISH of "h <node> ..."
        if (m.find() && !HEARTBEAT_SHA.equals(m.group(3)) && m.group(4) == null) {
            commands.add(new String[] {m.group(2).toLowerCase(Locale.ROOT), m.group(3), m.group(1)});
        }
    }

    /**
     * The names of the commands scripts ran (MONITOR's {@code [db lua]}) during the last
     * {@link #commandsDuring} (the heartbeat's {@code PUBLISH} included: a test asserting on a
     * script's own commands looks for those its script runs alone).
     */
    List<String> scriptCommandsOfLastCall() {
        return List.copyOf(scripted);
    }

    /** Runs {@code body} and returns the names of the commands clients sent meanwhile. */
    List<String> commandsDuring(ThrowingRunnable body) throws Exception {
        mark();
        body.run();
        return mark();
    }

    /** Sends a marker and returns the commands seen since the previous one. */
    private List<String> mark() throws IOException, InterruptedException {
        String token = "sessionstores-marker-" + (++marker);
        RedisServer.cli(port, "echo", token);
        List<String> seen = new ArrayList<>();
        scripted.clear();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String[] cmd = commands.poll(100, TimeUnit.MILLISECONDS);
            if (cmd == null) {
                continue;
            }
            if (cmd[0].equals("echo") && token.equals(cmd[1])) {
                return seen;
            }
            if (cmd[2].equals("lua")) {
                scripted.add(cmd[0]);
            } else if (!cmd[0].equals("echo") && !cmd[0].equals("ping")) {
                seen.add(cmd[0]);
            }
        }
        throw new IllegalStateException("MONITOR on port " + port + " never showed marker " + token);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public void close() throws Exception {
        monitor.close();
    }
}
