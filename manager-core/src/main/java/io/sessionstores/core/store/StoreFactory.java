package io.sessionstores.core.store;

import java.util.Map;
import java.util.Set;

import io.sessionstores.core.analysis.AnalyzeCommand;


/**
 * How {@link AnalyzeCommand} builds a store from command-line options without depending on any
 * backend: each backend jar lists its factory in
 * {@code META-INF/services/io.sessionstores.core.store.StoreFactory}, and the command
 * picks the one whose options were given. A factory configures its store through the store's own
 * attribute setters, so the command line accepts and checks exactly what {@code context.xml} does.
 */
public interface StoreFactory {

    /** The options this backend reads (with their leading {@code --}). */
    Set<String> options();

    /**
     * The store attribute each option sets (option -> attribute, e.g. {@code --table} ->
     * {@code tableName}), so that a value the store's start refuses is reported under the option
     * the operator typed; options missing here are reported under the attribute's name.
     */
    default Map<String, String> attributes() {
        return Map.of();
    }

    /** One line per option, for the usage text. */
    String usage();

    /** Whether {@code options} (option -> value) name this backend, e.g. a JDBC URL was given. */
    boolean accepts(Map<String, String> options);

    /**
     * A new, not yet started store configured from {@code options}; the command starts it, and
     * the store's start validates the values (a bad one is a
     * {@link io.sessionstores.core.config.ConfigException} naming the attribute). Values read here
     * go through {@link io.sessionstores.core.config.OptionValues}, like every command's own options.
     */
    SessionStore create(Map<String, String> options);
}
