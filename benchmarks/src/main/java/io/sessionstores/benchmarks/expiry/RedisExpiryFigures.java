package io.sessionstores.benchmarks.expiry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstores.core.expiry.ExpiryPass;
import io.sessionstores.core.expiry.ExpiryPassResult;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.redis.RedisSessionStore;
import io.sessionstores.redis.testkit.PipelinedFill;

/**
 * The Redis store's raw expiry in hash mode (the valve's pass over the bucket sweep, default
 * 65536 buckets) on a private {@code redis-server} (port 7273): {@code rows} expired sessions of
 * 200 bytes and a tenth as many live ones (100,000 beside 1,000,000), written through the store. The slowest call is the slowest
 * script call the server saw (SLOWLOG with threshold 0).
 */
public final class RedisExpiryFigures {

    static final int PORT = 7273;
    static final int WRITERS = 8;
    static final int BATCH_BUCKETS = 1000;

    private RedisExpiryFigures() {
    }

    /** Fills, runs one valve pass, checks what is left. */
    public static ExpiryFigures hashMode(int rows) throws Exception {
        Path dir = Files.createTempDirectory("ssbench-redis");
        Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--hash-max-listpack-value", "256")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisSessionStore store = new RedisSessionStore();
        try {
            waitForPing();
            store.setAddress("redis://127.0.0.1:" + PORT);
            store.setTimeout(10_000);
            store.setBucketCount(65536); // 15 sessions per bucket at 1,000,000, as measured
            store.start(new StoreContext("/Catalina/localhost/expiry-bench", "expiry-benchmark",
                    RedisExpiryFigures.class.getClassLoader(), System::currentTimeMillis));
            long now = System.currentTimeMillis();
            fill(store, rows, now - 3_600_000);
            fill(store, JdbcExpiryFigures.live(rows), now + 3_600_000);
            cli("config", "set", "slowlog-log-slower-than", "0");
            cli("config", "set", "slowlog-max-len", "1000000");
            cli("slowlog", "reset");

            ExpiryPassResult run = new ExpiryPass(BATCH_BUCKETS, 3_600_000, 3_600_000).run(store, "benchmark");

            double slowest = slowestScriptMillis();
            long left = store.count();
            String check = (run.deleted() == rows && left == JdbcExpiryFigures.live(rows) ? "ok: " : "WRONG: ") + left + " live fields left";
            return new ExpiryFigures("Redis hash mode, valve pass (65536 buckets, " + BATCH_BUCKETS
                    + " per batch; slowest = one script call)", run.deleted(), run.millis(), slowest, run.batches(), check);
        } finally {
            store.stop();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void fill(RedisSessionStore store, int n, long expiresAt) throws Exception {
        SessionRecord frame = PipelinedFill.record("00", 1, expiresAt, expiresAt - 1_800_000, 200);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int share = n / WRITERS + (w < n % WRITERS ? 1 : 0);
                parts.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        store.write(withRandomId(frame), 0);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** {@code record} under a random 32-hex-digit id (an unsigned frame does not name its id). */
    private static SessionRecord withRandomId(SessionRecord record) {
        byte[] idBytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(idBytes);
        String id = HexFormat.of().withUpperCase().formatHex(idBytes);
        return new SessionRecord(id, record.frame(), record.version(), record.expiresAt(), record.lastAccess(),
                record.maxInactive(), record.rawBytes());
    }

    /** The longest EVAL/EVALSHA in SLOWLOG, in ms. */
    private static double slowestScriptMillis() throws IOException, InterruptedException {
        JsonNode entries = new ObjectMapper().readTree(cli("--json", "slowlog", "get", "1000000"));
        long micros = 0;
        for (JsonNode entry : entries) {
            String command = entry.get(3).get(0).asText().toLowerCase();
            if (command.startsWith("eval")) {
                micros = Math.max(micros, entry.get(2).asLong());
            }
        }
        return micros / 1000.0;
    }

    private static void waitForPing() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (cli("ping").contains("PONG")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("redis-server on port " + PORT + " did not start");
    }

    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(PORT)));
        if (args.length > 0 && args[0].startsWith("--")) {
            command.add(1, args[0]);
            command.addAll(List.of(args).subList(1, args.length));
        } else {
            command.addAll(List.of(args));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
