package io.sessionstores.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.sessionstores.core.tool.StoreCommandLine;

/**
 * The command-line tools of a drop-in jar: {@code java -jar manager-redis-<v>-all.jar analyze|expire|migrate|deploy-check|help ...}
 * (the {@code Main-Class} of the shaded jars).
 *
 * <p>The tools use the stores exactly as Tomcat does, and the stores are Tomcat {@code Store}s,
 * so they need Tomcat's own jars, which the drop-in jar does not carry. When Tomcat's classes are
 * not on the class path already, this launcher finds a Tomcat: {@code --catalina-home DIR}, else
 * the jar's own directory when it sits in {@code $CATALINA_HOME/lib}, else {@code $CATALINA_HOME};
 * and runs the command in a class loader over this jar, {@code <home>/lib/*.jar},
 * {@code <home>/bin/tomcat-juli.jar} and {@code $CATALINA_BASE/lib/*.jar} (where JDBC drivers
 * often are).
 *
 * <p>A command is a class with {@code public static void main(String[])} whose first argument is
 * the command's name; {@link #COMMANDS} lists them. A command whose class is not in the jar says
 * so ("not in this build").
 */
public final class Main {

    /** Exit code: bad arguments, an unknown command, or no Tomcat to run with. */
    public static final int BAD_ARGUMENTS = StoreCommandLine.BAD_ARGUMENTS;

    /** The option naming Tomcat's installation; taken out before the command sees its arguments. */
    static final String CATALINA_HOME_OPTION = "--catalina-home";

    /** A command: its class and one line for {@code help}. */
    record Command(String className, String summary) {
    }

    /** Command name -> class. Adding a command is one line here. */
    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("analyze", new Command("io.sessionstores.core.analysis.AnalyzeCommand",
                "what the sessions of a web application weigh, by attribute (text, json or html)"));
        COMMANDS.put("expire", new Command("io.sessionstores.core.expiry.ExpireCommand",
                "one raw expiry pass: delete the expired sessions of a web application, under the expiry lease"));
        COMMANDS.put("sessions", new Command("io.sessionstores.core.tool.SessionsCommand",
                "the sessions of one user (--user NAME), and their logout from the store (--logout)"));
        COMMANDS.put("migrate", new Command("io.sessionstores.core.migrate.MigrateCommand",
                "copy the sessions of a web application from one store to another"));
        COMMANDS.put("deploy-check", new Command("io.sessionstores.core.deploycheck.DeployCheckCommand",
                "will a new WAR read the stored sessions? which attributes it would drop, and why"));
    }

    private static final String CATALINA_CLASS = "org.apache.catalina.Store";

    private Main() {
    }

    /** Runs the command named by the first argument; exits the JVM with its exit code. */
    public static void main(String[] args) {
        int exit = run(args, System.getenv(), System.out, System.err);
        if (exit >= 0) {
            System.exit(exit);
        }
    }

    /**
     * Runs a command; returns its exit code, or -1 once a command ran (it exits the JVM itself).
     *
     * @param env the environment ({@code CATALINA_HOME}, {@code CATALINA_BASE})
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        String catalinaHome;
        try {
            catalinaHome = takeOption(rest, CATALINA_HOME_OPTION);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return BAD_ARGUMENTS;
        }
        if (rest.size() == 2 && rest.get(0).equals("help") && COMMANDS.containsKey(rest.get(1))) {
            rest = new ArrayList<>(List.of(rest.get(1), "--help")); // help <command>: the command's usage
        }
        if (rest.isEmpty() || List.of("help", "--help", "-h").contains(rest.get(0))) {
            out.print(help());
            return rest.isEmpty() ? BAD_ARGUMENTS : 0;
        }
        Command command = COMMANDS.get(rest.get(0));
        if (command == null) {
            err.println("unknown command '" + rest.get(0) + "'");
            err.print(help());
            return BAD_ARGUMENTS;
        }
        if (!inThisBuild(command)) {
            err.println(rest.get(0) + ": not in this build (" + command.className() + " is missing from " + ownLocation()
                    + ")");
            return BAD_ARGUMENTS;
        }
        ClassLoader loader;
        try {
            // a usage text needs no Tomcat: --help answers where no Tomcat is found
            loader = hasCatalina(Main.class.getClassLoader()) || StoreCommandLine.wantsHelp(rest.toArray(String[]::new))
                    ? Main.class.getClassLoader() : tomcatLoader(catalinaHome, env);
        } catch (IllegalStateException e) {
            err.println(rest.get(0) + ": " + e.getMessage());
            return BAD_ARGUMENTS;
        }
        return invoke(command, rest.toArray(String[]::new), loader, err);
    }

    private static int invoke(Command command, String[] args, ClassLoader loader, PrintStream err) {
        Thread.currentThread().setContextClassLoader(loader); // ServiceLoader finds the stores through it
        try {
            Class.forName(command.className(), true, loader).getMethod("main", String[].class)
                    .invoke(null, (Object) args);
            return -1;
        } catch (InvocationTargetException e) {
            err.println(args[0] + ": failed: " + e.getCause());
            return StoreCommandLine.FAILED;
        } catch (ReflectiveOperationException | LinkageError e) {
            err.println(args[0] + ": cannot run " + command.className() + ": " + e);
            return StoreCommandLine.FAILED;
        }
    }

    /** The text of {@code help}. */
    static String help() {
        StringBuilder text = new StringBuilder("""
                usage: java -jar <drop-in jar> <command> [--catalina-home DIR] <options>
                commands:
                """);
        COMMANDS.forEach((name, command) -> text.append(String.format("  %-12s %s%s%n", name, command.summary(),
                inThisBuild(command) ? "" : " (not in this build)")));
        text.append("""
                  help         this text
                <command> --help (or help <command>) prints the command's usage; it needs no Tomcat.
                The stores are Tomcat Stores: a command runs with Tomcat's jars, from
                --catalina-home DIR, the jar's own directory when it is
                $CATALINA_HOME/lib, or $CATALINA_HOME ($CATALINA_BASE/lib is added when set).
                Exit codes: 0 done, 1 failed half-way (deploy-check: not safe), 2 bad arguments or no Tomcat
                found, 3 store not reachable, 4 (expire) another node holds the expiry lease.
                """);
        return text.toString();
    }

    private static boolean inThisBuild(Command command) {
        return Main.class.getClassLoader().getResource(command.className().replace('.', '/') + ".class") != null;
    }

    private static boolean hasCatalina(ClassLoader loader) {
        try {
            Class.forName(CATALINA_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Removes {@code name value} from {@code args}; returns the value or {@code null}. */
    private static String takeOption(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException("option " + name + " needs a value (Tomcat's installation directory)");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    // ---- finding Tomcat --------------------------------------------------------------------------

    /** A class loader over this jar and Tomcat's jars, with the platform loader as parent. */
    static ClassLoader tomcatLoader(String catalinaHome, Map<String, String> env) {
        Path home = findHome(catalinaHome, env);
        Set<Path> jars = new LinkedHashSet<>();
        Path own = ownLocation();
        jars.add(own);
        jars.addAll(jarsIn(home.resolve("lib")));
        Path juli = home.resolve("bin/tomcat-juli.jar");
        if (Files.isRegularFile(juli)) {
            jars.add(juli);
        }
        String base = env.get("CATALINA_BASE");
        if (base != null && !base.isBlank()) {
            jars.addAll(jarsIn(Path.of(base).resolve("lib")));
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("cannot use " + jar + ": " + e.getMessage(), e);
            }
        }
        URLClassLoader loader = new URLClassLoader("session-stores tools", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        if (!hasCatalina(loader)) {
            throw new IllegalStateException("no catalina.jar in " + home.resolve("lib") + " (is it a Tomcat installation?)");
        }
        return loader;
    }

    /** Tomcat's installation directory: the option, the jar's own lib directory, or CATALINA_HOME. */
    static Path findHome(String catalinaHome, Map<String, String> env) {
        if (catalinaHome != null) {
            return checkedHome(Path.of(catalinaHome), CATALINA_HOME_OPTION + " " + catalinaHome);
        }
        Path ownDir = ownLocation().getParent();
        if (ownDir != null && Files.isRegularFile(ownDir.resolve("catalina.jar")) && ownDir.getParent() != null) {
            return ownDir.getParent();
        }
        String fromEnv = env.get("CATALINA_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return checkedHome(Path.of(fromEnv), "CATALINA_HOME=" + fromEnv);
        }
        throw new IllegalStateException("Tomcat's classes are needed and no Tomcat was found: put this jar in"
                + " $CATALINA_HOME/lib, set CATALINA_HOME, or give --catalina-home DIR (the directory holding"
                + " lib/catalina.jar)");
    }

    private static Path checkedHome(Path home, String source) {
        if (!Files.isRegularFile(home.resolve("lib/catalina.jar"))) {
            throw new IllegalStateException(source + " is not a Tomcat installation: no " + home.resolve("lib/catalina.jar"));
        }
        return home.toAbsolutePath();
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** This jar (or classes directory). */
    static Path ownLocation() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath()
                    .normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + Main.class.getName() + ": " + e.getMessage(), e);
        }
    }
}
