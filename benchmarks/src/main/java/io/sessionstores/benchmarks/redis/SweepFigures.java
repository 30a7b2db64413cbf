package io.sessionstores.benchmarks.redis;

import java.nio.charset.StandardCharsets;

import io.sessionstores.core.store.SessionStore;
import io.sessionstores.redis.RedisSessionStore;
import io.sessionstores.redis.SweepResult;
import io.sessionstores.redis.testkit.PipelinedFill;
import io.sessionstores.testsupport.RedisCli;
import io.sessionstores.testsupport.RedisServer;

/**
 * Benchmark part {@code sweep} ({@code benchmarks/run.sh sweep}; was a figure test in
 * manager-redis): the hash-mode expiry sweep at scale, on a private redis-server (port 7313): a million expired
 * 200 B sessions (system property {@code sessionstores.figures.expired}) spread over the default
 * 65536 buckets, plus live ones that must survive, swept with {@link RedisSessionStore#sweep}.
 * Prints the total time and the slowest single script call (SLOWLOG, threshold 1 ms, and
 * commandstats' average); checks only that exactly the expired sessions went.
 */
public final class SweepFigures {

    static final int PORT = 7313;
    static final int EXPIRED = Integer.getInteger("sessionstores.figures.expired", Figures.SMOKE ? 10_000 : 1_000_000);
    static final int LIVE = 10_000;
    static final int BUCKETS = Figures.SMOKE ? 1024 : 65536;

    private SweepFigures() {
    }

    /**
     * Fills, sweeps and prints the figures; fails when the sweep deleted a live session or left an
     * expired one.
     *
     * @param args none
     * @throws Exception when redis-server or the store fails
     */
    public static void main(String[] args) throws Exception {
        try (RedisServer server = RedisServer.start(PORT, "--slowlog-log-slower-than", "1000", "--slowlog-max-len", "10000",
                "--hash-max-listpack-value", "256")) {
            RedisSessionStore store = new RedisSessionStore();
            store.setAddress(server.address());
            store.setTimeout(10_000);
            store.setBucketCount(BUCKETS);
            Figures.start(store, "/Catalina/localhost/sweep");
            try {
                long now = Figures.NOW;
                try (RespPipeline pipeline = new RespPipeline(PORT)) {
                    PipelinedFill.sessions(store, now, EXPIRED, now - 1, 200, pipeline);
                    PipelinedFill.sessions(store, now, LIVE, now + 1_800_000, 200, pipeline);
                }
                server.cli("slowlog", "reset");
                server.cli("config", "resetstat");

                long started = System.nanoTime();
                SweepResult result = store.sweep(now + SessionStore.EXPIRED_RECORD_GRACE_MILLIS, BUCKETS, 600_000);
                long millis = (System.nanoTime() - started) / 1_000_000;

                String slowlog = server.cli("slowlog", "len").trim();
                String maxMicros = slowestMicros(server);
                String evalsha = server.cli("info", "commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha"))
                        .findFirst().orElse("");
                System.out.printf("%n[sweep] %d expired + %d live fields in %d buckets: swept %d buckets in %d ms"
                        + " (%d script calls), deleted %d; calls over 1 ms: %s (slowest: %s); %s%n", EXPIRED, LIVE, BUCKETS,
                        result.buckets(), millis, result.calls(), result.deleted(), slowlog, maxMicros, evalsha);
                Figures.check(result.deleted() == EXPIRED, "expired fields deleted: " + result.deleted());
                Figures.check(store.count() == LIVE, "live sessions left: " + store.count());
            } finally {
                store.stop();
            }
        }
    }

    /** The longest duration in the slow log (entries are calls over 1 ms) and its command, or "none". */
    private static String slowestMicros(RedisServer server) throws Exception {
        long max = -1;
        String command = "";
        // each entry: id, time, duration in microseconds, the command's words, client address, client name
        for (Object entry : (Object[]) RedisCli.reply(server.port(), "slowlog", "get", "10000")) {
            Object[] fields = (Object[]) entry;
            long duration = (Long) fields[2];
            if (duration > max) {
                max = duration;
                command = new String((byte[]) ((Object[]) fields[3])[0], StandardCharsets.UTF_8);
            }
        }
        return max < 0 ? "none" : max + " us, " + command;
    }
}
