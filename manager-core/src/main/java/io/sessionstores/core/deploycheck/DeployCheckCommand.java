package io.sessionstores.core.deploycheck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.regex.PatternSyntaxException;

import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * "Will the new version read today's sessions?" from a shell, before a deploy: decodes a sample
 * (or all) of an application's stored sessions with the new WAR's classes and the Manager's
 * allowlist and codec settings, and reports which attributes would be dropped and why:
 *
 * <pre>
 * java -jar manager-jdbc-&lt;v&gt;-all.jar deploy-check --app /Catalina/localhost/shop \
 *     --jdbc-url jdbc:postgresql://db/sessions --war shop-2.war --allowed-class-names 'com\.example\.shop\..*'
 * </pre>
 *
 * Read-only: the store is only counted and scanned. Exit codes: 0 safe (every checked session
 * reads whole), 1 not safe (attributes would be dropped or sessions not read), 2 bad arguments,
 * 3 the store could not be reached or failed during the check (no verdict).
 */
public final class DeployCheckCommand {

    /** Exit code: every checked session reads whole with the new version. */
    public static final int SAFE = 0;
    /** Exit code: some checked session would lose attributes or not be read at all. */
    public static final int NOT_SAFE = 1;
    /** Exit code: bad arguments. */
    public static final int BAD_ARGUMENTS = StoreCommandLine.BAD_ARGUMENTS;
    /** Exit code: the store cannot be reached, or failed during the check. */
    public static final int STORE_UNREACHABLE = StoreCommandLine.STORE_UNREACHABLE;

    /** Live sessions checked when {@code --sample} is not given. */
    static final long DEFAULT_SAMPLE = 1000;
    /** Largest number {@code --sample} takes (beyond it: {@code all}). */
    static final long MAX_SAMPLE = 1_000_000_000;
    private static final int MIN_HMAC_KEY_BYTES = 16;
    private static final String WAR_ALLOWED = "the new version; allowed are a .war file, an exploded application"
            + " directory, its WEB-INF directory or a directory of classes";
    private static final String ALLOWLIST = "--allowed-class-names";
    private static final String TOMCAT_FILTER = "--session-attribute-value-class-name-filter";
    private static final Set<String> OWN_OPTIONS = Set.of("--war", "--sample", "--batch-size", "--codec", ALLOWLIST,
            TOMCAT_FILTER, "--max-depth", "--max-decoded-size", "--hmac-key-env", "--delegate", "--format", "--output");

    private final PrintStream out;
    private final PrintStream err;
    private final StoreCommandLine commandLine;
    private final UnaryOperator<String> env;

    /** A command writing the report to {@code out} and messages to {@code err}, with these backends. */
    public DeployCheckCommand(PrintStream out, PrintStream err, List<StoreFactory> factories) {
        this(out, err, factories, System::getenv);
    }

    /** The same, reading {@code --hmac-key-env}'s variable from {@code env}. */
    DeployCheckCommand(PrintStream out, PrintStream err, List<StoreFactory> factories, UnaryOperator<String> env) {
        this.out = out;
        this.err = err;
        this.commandLine = new StoreCommandLine("deploy-check", OWN_OPTIONS, factories);
        this.env = env;
    }

    /** Runs the command; exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(new DeployCheckCommand(System.out, System.err, StoreCommandLine.backends()).run(args));
    }

    /** The command's own options (besides {@code --app} and the stores' options). */
    public static Set<String> ownOptions() {
        return OWN_OPTIONS;
    }

    /** What was asked, every value checked. */
    private record Check(Path war, long sample, int batchSize, boolean delegate, FrameReader frames,
                         IntFunction<AttributeCodec> codecs, DeployCheckFormat format, Path output) {
    }

    /** Runs the command; returns its exit code. */
    public int run(String[] args) {
        return commandLine.run(args, out, err, usage(), this::settings, this::check);
    }

    private int check(SessionStore store, Map<String, String> options, Check check) {
        try (WarClasses classes = WarClasses.open(check.war(), DeployCheckCommand.class.getClassLoader(),
                check.delegate())) {
            DeployCheckReport report = new DeployCheck(store, options.get("--app"), check.frames(), check.codecs(),
                    classes.loader(), System::currentTimeMillis).run(options.get("--war"), check.sample(),
                    check.batchSize());
            commandLine.write(check.format().render(report), check.output(), out, err);
            return report.safe() ? SAFE : NOT_SAFE;
        } catch (WarClasses.NotAWar e) {
            err.println("deploy-check: " + new ConfigException("--war", check.war(), WAR_ALLOWED + " ("
                    + e.getMessage() + ")").getMessage());
            return BAD_ARGUMENTS;
        } catch (StoreException e) {
            err.println("deploy-check: the store failed, no verdict: " + LogText.escape(e.getMessage()));
            return STORE_UNREACHABLE;
        } catch (IOException e) {
            err.println("deploy-check: cannot write the report: " + e.getMessage());
            return STORE_UNREACHABLE;
        }
    }

    // ---- arguments -------------------------------------------------------------------------------

    private Check settings(Map<String, String> options) {
        Path war = Path.of(ConfigCheck.required("--war", options.get("--war"), WAR_ALLOWED));
        if (!Files.exists(war)) {
            throw new ConfigException("--war", options.get("--war"), WAR_ALLOWED + " (no such file or directory)");
        }
        ClassNameFilter filter = filter(options);
        int maxDepth = OptionValues.integer(options, "--max-depth", AttributeCodecs.DEFAULT_MAX_DEPTH, 2, 1000);
        AttributeCodec configured;
        try {
            configured = AttributeCodecs.create(options.getOrDefault("--codec", "java"), filter, maxDepth);
        } catch (ConfigException e) {
            throw e.renamed("--codec");
        }
        FrameOptions frames = new FrameOptions(FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH,
                OptionValues.integer(options, "--max-decoded-size", FrameOptions.DEFAULT_MAX_DECODED_SIZE, 1024,
                        Integer.MAX_VALUE - 64), hmacKey(options));
        return new Check(war, OptionValues.countOrAll(options, "--sample", DEFAULT_SAMPLE, MAX_SAMPLE),
                OptionValues.integer(options, "--batch-size", 1000, 1, ScanRequest.MAX_LIMIT),
                OptionValues.bool(options, "--delegate", false), new FrameReader(frames),
                id -> id == configured.id() ? configured : AttributeCodecs.forId(id, filter),
                OptionValues.oneOf(options, "--format", DeployCheckFormat.TEXT),
                OptionValues.writableFile(options, "--output"));
    }

    /** The allowlist as the Manager builds it: JDK value types plus {@code allowedClassNames}, or Tomcat's filter alone. */
    private static ClassNameFilter filter(Map<String, String> options) {
        String allowed = options.get(ALLOWLIST);
        String tomcat = options.get(TOMCAT_FILTER);
        if (allowed != null && tomcat != null) {
            throw new ConfigException(ALLOWLIST, allowed, "not given together with " + TOMCAT_FILTER
                    + " (which replaces the whole allowlist, JDK value types included): give the one the Manager has");
        }
        String option = tomcat != null ? TOMCAT_FILTER : ALLOWLIST;
        String regex = tomcat != null ? tomcat : allowed;
        try {
            return tomcat != null ? ClassNameFilter.of(ConfigCheck.required(option, regex, "a regular expression"))
                    : ClassNameFilter.jdkValueTypesAnd(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(option, regex, "a Java regular expression (" + e.getDescription() + ")");
        }
    }

    private byte[] hmacKey(Map<String, String> options) {
        String variable = OptionValues.text(options, "--hmac-key-env", "the name of the environment variable holding"
                + " the Manager's HMAC key");
        if (variable == null) {
            return null;
        }
        String key = env.apply(variable.strip());
        if (key == null || key.isEmpty()) {
            throw new ConfigException("--hmac-key-env", variable, "the name of a set environment variable");
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_HMAC_KEY_BYTES) {
            throw new ConfigException("--hmac-key-env", variable, "a variable holding at least " + MIN_HMAC_KEY_BYTES
                    + " bytes (it holds " + bytes.length + ")");
        }
        return bytes;
    }

    private String usage() {
        return """
                usage: deploy-check --app /<engine>/<host><context path> <store options> --war PATH
                                    [--sample N|all (1000)] [--batch-size N (1000)]
                                    [--allowed-class-names REGEX | --session-attribute-value-class-name-filter REGEX]
                                    [--codec java|json (java)] [--max-depth N (25)] [--max-decoded-size BYTES (16777216)]
                                    [--hmac-key-env VARIABLE] [--delegate true|false (false)]
                                    [--format text|json (text)] [--output FILE]
                --war: the new version, a .war file, an exploded application, its WEB-INF or a classes directory.
                The allowlist and codec options are the Manager's attributes of those names: give the new version's.
                Exit codes: 0 safe, 1 sessions would lose attributes or not be read, 2 bad arguments,
                3 the store could not be reached or failed (no verdict).
                """ + commandLine.storeUsage();
    }
}
