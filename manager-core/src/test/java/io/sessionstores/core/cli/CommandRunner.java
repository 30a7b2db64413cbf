package io.sessionstores.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.analysis.AnalyzeCommand;
import io.sessionstores.core.analysis.MemoryStoreFactory;
import io.sessionstores.core.deploycheck.DeployCheckCommand;
import io.sessionstores.core.expiry.ExpireCommand;
import io.sessionstores.core.migrate.MigrateCommand;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.tool.SessionsCommand;

/**
 * Every command of {@link Main}, run in this JVM on the in-memory store ({@code --memory NAME}),
 * with its output captured; and a seeded store to see that a refused run changed nothing.
 */
public enum CommandRunner {
    ANALYZE {
        @Override
        int exec(PrintStream out, PrintStream err, List<StoreFactory> backends, String[] args) {
            return new AnalyzeCommand(out, err, backends).run(args);
        }

        @Override
        public Set<String> ownOptions() {
            return AnalyzeCommand.ownOptions();
        }
    },
    EXPIRE {
        @Override
        int exec(PrintStream out, PrintStream err, List<StoreFactory> backends, String[] args) {
            return new ExpireCommand(out, err, backends).run(args);
        }

        @Override
        public Set<String> ownOptions() {
            return ExpireCommand.ownOptions();
        }
    },
    SESSIONS {
        @Override
        int exec(PrintStream out, PrintStream err, List<StoreFactory> backends, String[] args) {
            return new SessionsCommand(out, err, backends).run(args);
        }

        @Override
        public Set<String> ownOptions() {
            return SessionsCommand.ownOptions();
        }
    },
    MIGRATE {
        @Override
        int exec(PrintStream out, PrintStream err, List<StoreFactory> backends, String[] args) {
            return new MigrateCommand(out, backends).run(args);
        }

        @Override
        public Set<String> ownOptions() {
            return MigrateCommand.ownOptions();
        }
    },
    /** Run with {@code --war} an empty classes directory unless the arguments give one. */
    DEPLOY_CHECK {
        @Override
        int exec(PrintStream out, PrintStream err, List<StoreFactory> backends, String[] args) {
            List<String> all = new ArrayList<>(List.of(args));
            if (!all.contains("--war")) {
                all.addAll(List.of("--war", EmptyClasses.DIR.toString()));
            }
            return new DeployCheckCommand(out, err, backends).run(all.toArray(String[]::new));
        }

        @Override
        public Set<String> ownOptions() {
            return DeployCheckCommand.ownOptions();
        }

        @Override
        public String command() {
            return "deploy-check";
        }
    };

    /** An empty classes directory for {@code deploy-check}'s {@code --war}, removed when the JVM ends. */
    private static final class EmptyClasses {
        static final Path DIR;

        static {
            try {
                DIR = Files.createTempDirectory("empty-classes-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DIR.toFile().deleteOnExit();
        }
    }

    /** What one run printed and returned. */
    public record Result(int exit, String out, String err) {
        /** Both streams, for messages whose stream does not matter. */
        public String all() {
            return out + err;
        }
    }

    abstract int exec(PrintStream out, PrintStream err, List<StoreFactory> backends, String[] args);

    /** The command's own options, besides {@code --app} and the stores' options. */
    public abstract Set<String> ownOptions();

    /** The command's name, its first argument. */
    public String command() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs the command with the in-memory backend; {@code args} after the command's name. */
    public Result run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command();
        System.arraycopy(args, 0, all, 1, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = exec(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), List.of(MemoryStoreFactory.MEMORY), all);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Fills the in-memory store {@code name} of {@code app} with two live and one expired session. */
    public static Map<String, SessionRecord> seed(String name, String app) {
        long now = System.currentTimeMillis();
        Map<String, SessionRecord> records = InMemorySessionStore.records(name, app);
        records.clear();
        for (AnalysisFixture.Seeded s : List.of(
                AnalysisFixture.session("B0000000000000000000000000000001", now + 3_600_000, false, false,
                        Map.of("user", 40)),
                AnalysisFixture.session("B0000000000000000000000000000002", now + 3_600_000, false, false,
                        Map.of("cart", 400)),
                AnalysisFixture.session("B0000000000000000000000000000003", now - 3_600_000, true, false,
                        Map.of("user", 40)))) {
            records.put(s.id(), s.record());
        }
        return records;
    }
}
