package io.sessionstores.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the rows {@code run.sh} records per wrk run ({@code load.tsv}) and per MONITOR sample
 * ({@code monitor.tsv}) into the markdown tables of the results: a headline table (req/s and the
 * ratio to the floor per shape), the detailed table (latencies, ratios to StandardManager and to
 * the floor, store calls per request, CPU), the round trips per request, and our Manager's JMX
 * counters. Usage: {@code LoadReport <load.tsv> [monitor.tsv]}.
 */
public final class LoadReport {

    /** Our Manager's counters shown per request; other counters whose names match EXTRA are added. */
    private static final List<String> COUNTERS = List.of("loads", "saves", "touches", "conflicts", "failedSaves",
            "storeCalls", "storeErrors");
    private static final Pattern EXTRA = Pattern.compile("(?i).*(coalesc|refus|sameNode|crossNode|unsaved|rolledBack|near(Hits|Misses)|pushedLoads|invalidations|streamResets).*");
    /** Attributes EXTRA matches that are settings, not counters. */
    private static final Set<String> SETTINGS = Set.of("unsavedStatus");
    private static final String STANDARD = "standard";
    private static final String FLOOR = "floor";

    private final List<Run> runs;

    private LoadReport(List<Run> runs) {
        this.runs = runs;
    }

    /**
     * Entry point: prints the tables to standard output.
     *
     * @param args the load rows and, optionally, the MONITOR rows
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<Run> runs = Files.readAllLines(Path.of(args[0])).stream().filter(line -> !line.isBlank())
                .map(Run::parse).toList();
        LoadReport report = new LoadReport(runs);
        StringBuilder out = new StringBuilder();
        report.headline(out);
        report.details(out);
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            roundTrips(out, Files.readAllLines(Path.of(args[1])));
        }
        report.counters(out);
        report.memory(out);
        System.out.print(out);
    }

    /** One wrk run (or two, summed, for two nodes) and what was counted around it. */
    record Run(String variant, String label, String shape, String endpoint, int nodes, long requests, double rps,
            double p50, double p99, long errors, long storeCalls, String storeDetail, double cpuTomcat,
            double cpuRedis, double cpuDatabase, Map<String, Double> jmx, long memoryDelta) {

        static Run parse(String line) {
            String[] f = line.split("\t", -1);
            return new Run(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]), number(f[6]),
                    number(f[7]), number(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]), f[11], number(f[12]),
                    number(f[13]), number(f[14]), words(f[15]), f.length > 16 ? Long.parseLong(f[16]) : 0);
        }

        String key() {
            return shape + " " + endpoint;
        }

        double perRequest(double value) {
            return requests == 0 ? 0 : value / requests;
        }
    }

    private static double number(String text) {
        return text.isBlank() ? 0 : Double.parseDouble(text);
    }

    /** "name=value name=value" as a map, in order. */
    static Map<String, Double> words(String text) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (String word : text.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                map.merge(word.substring(0, eq), number(word.substring(eq + 1)), Double::sum);
            }
        }
        return map;
    }

    /** The variant's run of the same shape, endpoint and node count, else its one-node run. */
    private Optional<Run> baseline(String variant, Run run) {
        Optional<Run> sameNodes = find(variant, run.key(), run.nodes());
        return sameNodes.isPresent() ? sameNodes : find(variant, run.key(), 1);
    }

    private String ratio(String variant, Run run) {
        return baseline(variant, run).filter(b -> b.rps() > 0).map(b -> format("%.2f", run.rps() / b.rps())).orElse("");
    }

    private void headline(StringBuilder out) {
        List<String> shapes = List.of("hot read", "hot write", "many read", "many write", "new read");
        out.append("## Headline: req/s (ratio to the floor), one node\n\n| store | one hot session, read | hot, write"
                + " | 2,000 sessions, read | 2,000, write | new session per request |\n|---|---:|---:|---:|---:|---:|\n");
        for (String variant : variants(1)) {
            out.append("| ").append(label(variant));
            for (String shape : shapes) {
                Optional<Run> run = find(variant, shape, 1);
                out.append(" | ").append(run.map(r -> format("%,.0f", r.rps()) + " (" + ratio(FLOOR, r) + ")").orElse(""));
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    private void details(StringBuilder out) {
        out.append("## Every run\n\nStore calls: Redis commands (`INFO commandstats`), PostgreSQL transactions"
                + " (`pg_stat_database`, autocommit: one per statement; approximate, backends report about once a"
                + " second), MariaDB `Com_select/insert/update/delete`. CPU: seconds of the run (`/proc/<pid>/stat`),"
                + " database = every PostgreSQL or MariaDB process.\n\n"
                + "| shape | endpoint | store | nodes | req/s | p50 ms | p99 ms | x StandardManager | x floor"
                + " | store calls/req | per request | CPU s Tomcat / Redis / DB | Tomcat CPU us/req | errors |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|\n");
        for (Run run : runs) {
            out.append(format("| %s | %s | %s | %d | %,.0f | %.2f | %.2f | %s | %s | %.2f | %s | %.1f / %.1f / %.1f | %.0f | %d |%n",
                    run.shape(), run.endpoint(), run.label(), run.nodes(), run.rps(), run.p50(), run.p99(),
                    ratio(STANDARD, run), ratio(FLOOR, run), run.perRequest(run.storeCalls()), perCommand(run),
                    run.cpuTomcat(), run.cpuRedis(), run.cpuDatabase(), run.perRequest(run.cpuTomcat() * 1e6),
                    run.errors()));
        }
        out.append('\n');
    }

    private static String perCommand(Run run) {
        return words(run.storeDetail()).entrySet().stream().filter(e -> e.getValue() > 0)
                .filter(e -> run.perRequest(e.getValue()) >= 0.005)
                .map(e -> commandName(e.getKey()) + " " + format("%.2f", run.perRequest(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    /** Redis commands in capitals as Redis prints them; database counter names as they are. */
    private static String commandName(String counter) {
        return counter.contains("_") || counter.equals("transactions") ? counter : counter.toUpperCase(Locale.ROOT);
    }

    private static void roundTrips(StringBuilder out, List<String> lines) {
        out.append("## Round trips per request (MONITOR, sequential requests on one node)\n\n"
                + "| store | request | commands/req | which |\n|---|---|---:|---|\n");
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (f.length >= 5) {
                String request = switch (f[2]) {
                    case "read" -> "read, existing session";
                    case "write" -> "write, existing session";
                    default -> "new session (no cookie)";
                };
                out.append(format("| %s | %s | %s | %s |%n", f[1], request, f[3], f[4]));
            }
        }
        out.append('\n');
    }

    private void counters(StringBuilder out) {
        List<Run> ours = runs.stream().filter(r -> r.jmx().containsKey("storeCalls")).toList();
        if (ours.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(COUNTERS);
        ours.forEach(r -> r.jmx().keySet().stream().filter(n -> EXTRA.matcher(n).matches() && !SETTINGS.contains(n) && !names.contains(n))
                .forEach(names::add));
        out.append("## Our Manager's JMX counters, per run (totals over the run's nodes, per request in brackets)\n\n| shape | endpoint | store | nodes | requests");
        names.forEach(n -> out.append(" | ").append(n));
        out.append(" |\n|---|---|---|---:|---:").append("|---:".repeat(names.size())).append("|\n");
        for (Run run : ours) {
            out.append(format("| %s | %s | %s | %d | %,d", run.shape(), run.endpoint(), run.label(), run.nodes(), run.requests()));
            names.forEach(n -> out.append(" | ").append(format("%,.0f (%.2f)", run.jmx().getOrDefault(n, 0.0),
                    run.perRequest(run.jmx().getOrDefault(n, 0.0)))));
            out.append(" |\n");
        }
        out.append('\n');
    }

    /** Redis memory per session created in the new-session shape (sessions holding only a counter). */
    private void memory(StringBuilder out) {
        List<Run> created = runs.stream()
                .filter(r -> r.shape().equals("new") && r.memoryDelta() > 0 && !r.variant().equals(FLOOR)).toList();
        if (created.isEmpty()) {
            return;
        }
        out.append("## Redis memory per new session (new-session shape: a session holding only its counter;"
                + " `used_memory` delta / requests, server with `hash-max-listpack-value 256`)\n\n"
                + "| store | sessions created | bytes per session |\n|---|---:|---:|\n");
        created.forEach(r -> out.append(format("| %s | %,d | %.0f |%n", r.label(), r.requests(), r.perRequest(r.memoryDelta()))));
        out.append('\n');
    }

    private List<String> variants(int nodes) {
        return runs.stream().filter(r -> r.nodes() == nodes).map(Run::variant).distinct().toList();
    }

    private String label(String variant) {
        return runs.stream().filter(r -> r.variant().equals(variant)).map(Run::label).findFirst().orElse(variant);
    }

    private Optional<Run> find(String variant, String key, int nodes) {
        return runs.stream().filter(r -> r.variant().equals(variant) && r.key().equals(key) && r.nodes() == nodes).findFirst();
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
