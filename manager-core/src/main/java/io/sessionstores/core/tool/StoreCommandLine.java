package io.sessionstores.core.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.support.LogText;

/**
 * What every command line against a store shares: {@code <command> --app APP <store options>
 * <own options>}, options as {@code --name value} pairs, each one known; the backend picked
 * among the {@link StoreFactory}s on the class path by the options given; the store
 * built and started as Tomcat would start it (the same attribute checks).
 */
public final class StoreCommandLine {

    /** Exit code: the command failed half-way. */
    public static final int FAILED = 1;
    /** Exit code: bad arguments. */
    public static final int BAD_ARGUMENTS = 2;
    /** Exit code: the store cannot be reached or refused the first call. */
    public static final int STORE_UNREACHABLE = 3;

    /** The arguments that ask a command for its usage text. */
    public static final Set<String> HELP = Set.of("--help", "-h");

    private final String command;
    private final Set<String> ownOptions;
    private final List<StoreFactory> factories;

    /**
     * @param command    the command's name, the first argument
     * @param ownOptions the command's options besides {@code --app} and the stores' options
     * @param factories  the backends
     */
    public StoreCommandLine(String command, Set<String> ownOptions, List<StoreFactory> factories) {
        this.command = command;
        this.ownOptions = ownOptions;
        this.factories = factories;
    }

    /** The backends on the class path (ServiceLoader). */
    public static List<StoreFactory> backends() {
        List<StoreFactory> found = new ArrayList<>();
        ServiceLoader.load(StoreFactory.class).forEach(found::add);
        return found;
    }

    /** What a command reads from its own options; a bad value is an IllegalArgumentException or IOException. */
    @FunctionalInterface
    public interface Settings<T> {
        /** The command's settings read from {@code options} (option -> value, every one known). */
        T read(Map<String, String> options) throws IOException;
    }

    /** What a command does with its started store; returns the exit code. The store is stopped after. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs the command's work on {@code store} with its {@code settings}. */
        int run(SessionStore store, Map<String, String> options, T settings);
    }

    /**
     * The run every single-store command shares: {@code --help} prints {@code usage} (exit 0);
     * the arguments parsed, the backend chosen and the command's own settings read (a refusal
     * prints the message and the usage on {@code err}: exit {@value #BAD_ARGUMENTS}); the store
     * built and started (an attribute it refuses: exit {@value #BAD_ARGUMENTS}; a store that does
     * not start: exit {@value #STORE_UNREACHABLE}); then {@code work}, and the store stopped.
     */
    public <T> int run(String[] args, PrintStream out, PrintStream err, String usage, Settings<T> settings,
                       Work<T> work) {
        if (wantsHelp(args)) {
            out.print(usage);
            return 0;
        }
        Map<String, String> options;
        StoreFactory factory;
        T own;
        try {
            options = parse(args);
            factory = factory(options);
            own = settings.read(options);
        } catch (IllegalArgumentException | IOException e) {
            err.println(command + ": " + e.getMessage());
            err.println(usage);
            return BAD_ARGUMENTS;
        }
        SessionStore store;
        try {
            store = start(factory, options);
        } catch (ConfigException e) {
            err.println(command + ": " + e.getMessage());
            return BAD_ARGUMENTS;
        } catch (StoreException e) {
            err.println(command + ": the store did not start: " + LogText.escape(e.getMessage()));
            return STORE_UNREACHABLE;
        }
        try {
            return work.run(store, options, own);
        } finally {
            store.stop();
        }
    }

    /**
     * Writes a command's {@code report} to {@code out}, or into the file {@code output} (UTF-8; a
     * line on {@code err} says where) when one was given.
     */
    public void write(String report, Path output, PrintStream out, PrintStream err) throws IOException {
        if (output == null) {
            out.print(report);
            out.flush();
        } else {
            Files.writeString(output, report, StandardCharsets.UTF_8);
            err.println(command + ": report written to " + output);
        }
    }

    /**
     * {@code command --name value ...} as option -> value; every option must be known, given once,
     * and {@code --app} given. Throws IllegalArgumentException or ConfigException saying what is wrong.
     */
    public Map<String, String> parse(String[] args) {
        if (args.length == 0 || !command.equals(args[0])) {
            throw new IllegalArgumentException("the first argument must be the command '" + command + "'");
        }
        Map<String, String> options = pairs(args, this::isKnown);
        ConfigCheck.required("--app", options.get("--app"),
                "the application name as Tomcat gives it, /<engine>/<host><context path>, e.g. /Catalina/localhost/shop");
        return options;
    }

    /**
     * The {@code --name value} pairs after the command's name; an option {@code known} refuses, one
     * without a value, or one given twice (which of the two was meant?) is an IllegalArgumentException.
     */
    public static Map<String, String> pairs(String[] args, Predicate<String> known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String name = args[i];
            if (!known.test(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            if (options.putIfAbsent(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("option " + name + " is given twice");
            }
        }
        return options;
    }

    /**
     * Whether the arguments ask for the usage text: {@code --help} or {@code -h} anywhere after the
     * command's name (also where a value goes: {@code analyze --output --help} asks for help rather
     * than for a file named {@code --help}).
     */
    public static boolean wantsHelp(String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (HELP.contains(args[i])) {
                return true;
            }
        }
        return false;
    }

    private boolean isKnown(String option) {
        return "--app".equals(option) || ownOptions.contains(option)
                || factories.stream().anyMatch(f -> f.options().contains(option));
    }

    /** The one backend whose options were given. */
    public StoreFactory factory(Map<String, String> options) {
        List<StoreFactory> matching = factories.stream().filter(f -> f.accepts(options)).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException(matching.isEmpty() ? "name one store (options below); backends on the"
                    + " class path: " + factories.size() : "options of two stores were given; name one store");
        }
        return matching.get(0);
    }

    /**
     * Builds the store from {@code options} and starts it for {@code --app}, with this machine's
     * clock. A bad value is a {@link ConfigException} naming the option ({@code prefix} + the
     * factory's option, e.g. {@code --to-} + {@code --mode}); a store that does not start, a
     * {@link StoreException}.
     *
     * @param prefix how the command line spells the factory's options: {@code --}, or for
     *               {@code migrate} {@code --from-} / {@code --to-}
     */
    public SessionStore start(StoreFactory factory, Map<String, String> options, String prefix)
            throws StoreException {
        String app = options.get("--app");
        SessionStore store;
        try {
            store = factory.create(options);
            store.start(new StoreContext(app, command + " " + app, StoreCommandLine.class.getClassLoader(),
                    System::currentTimeMillis));
        } catch (ConfigException e) {
            throw asOption(factory, e, prefix);
        }
        return store;
    }

    /** {@link #start(StoreFactory, Map, String)} with the options spelled {@code --name}. */
    public SessionStore start(StoreFactory factory, Map<String, String> options) throws StoreException {
        return start(factory, options, "--");
    }

    /** {@code e} naming the command-line option behind the attribute it names, when there is one. */
    private static ConfigException asOption(StoreFactory factory, ConfigException e, String prefix) {
        String option = factory.options().contains(e.attribute()) ? e.attribute()
                : factory.attributes().entrySet().stream().filter(a -> a.getValue().equals(e.attribute()))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
        return option == null ? e : e.renamed(prefix + option.substring(2));
    }

    /** The store options of every backend, one line each, for a usage text. */
    public String storeUsage() {
        StringBuilder text = new StringBuilder("store options:\n");
        factories.forEach(f -> text.append(f.usage()));
        return text.toString();
    }
}
