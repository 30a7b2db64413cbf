package io.sessionstores.core.tool;

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
