package io.sessionstores.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The metric names a Grafana dashboard's PromQL queries use: every {@code expr} of its panels and
 * the {@code definition} of its template variables (a data source variable's {@code query} names
 * a plugin, not a metric), read as PromQL (functions, aggregation clauses, label
 * matchers, ranges and strings are not metric names).
 */
final class DashboardMetrics {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless", "inf", "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*\\}|\\[[^\\]]*\\]");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** {@code label_values(metric, label)} and the like: the label argument is no metric. */
    private static final Pattern LABEL_ARGUMENT = Pattern.compile("\\b(label_values\\s*\\([^,()]*),[^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][\\w:]*)(\\s*\\()?");

    private DashboardMetrics() {
    }

    /** The metric names the dashboard file's queries use. */
    static Set<String> of(Path dashboardJson) throws IOException {
        Set<String> names = new TreeSet<>();
        collect(new ObjectMapper().readTree(dashboardJson.toFile()), names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual() && (field.getKey().equals("expr") || field.getKey().equals("definition"))) {
                names.addAll(inQuery(value.asText()));
            }
        });
        node.forEach(child -> collect(child, names));
    }

    /** The metric names one PromQL query uses. */
    static Set<String> inQuery(String promql) {
        String q = STRINGS.matcher(promql).replaceAll(" ");
        q = MATCHERS_AND_RANGES.matcher(q).replaceAll(" ");
        q = LABEL_LISTS.matcher(q).replaceAll(" ");
        q = LABEL_ARGUMENT.matcher(q).replaceAll("$1)");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(q);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
