package io.sessionstores.core.tool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.store.UserNames;
import io.sessionstores.core.store.UserSession;
import io.sessionstores.core.support.LogText;

/**
 * A user's sessions from a shell, from the store's user index:
 *
 * <pre>
 * java -jar manager-jdbc-all.jar sessions --app /Catalina/localhost/shop --jdbc-url ... --user alice
 * java -jar manager-jdbc-all.jar sessions --app /Catalina/localhost/shop --jdbc-url ... --user alice --logout
 * </pre>
 *
 * Lists one line per session (hashed id, created, last used, expires, size), never a raw id.
 * With {@code --logout}, deletes each of them from the store: no node serves them again (a node
 * holding a copy finds the record gone at its next request for it), but no application is loaded
 * here, so no session listener fires; the Manager's {@code logoutUser} operation (JMX) ends them
 * with their listeners. Exit codes: 0 done, 1 the store failed, 2 bad arguments, 3 the store
 * could not be reached or keeps no user index.
 */
public final class SessionsCommand {

    private static final Set<String> OWN_OPTIONS = Set.of("--user", "--logout");
    private static final int MAX_LISTED = 1000;

    private final PrintStream out;
    private final PrintStream err;
    private final StoreCommandLine commandLine;

    public SessionsCommand(PrintStream out, PrintStream err, List<StoreFactory> factories) {
        this.out = out;
        this.err = err;
        this.commandLine = new StoreCommandLine("sessions", OWN_OPTIONS, factories);
    }

    /** Runs the command; exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(new SessionsCommand(System.out, System.err, StoreCommandLine.backends()).run(args));
    }

    /** The command's own options (besides {@code --app} and the store's options). */
    public static Set<String> ownOptions() {
        return OWN_OPTIONS;
    }

    /** What the command was asked: the user (indexed form) and whether to log them out. */
    private record Request(String user, boolean logout) {
    }

    /** Runs the command; returns its exit code. */
    public int run(String[] args) {
        return commandLine.run(flagsAsValues(args), out, err, usage(), SessionsCommand::request,
                (store, options, request) -> {
                    if (!store.indexesUsers()) {
                        err.println("sessions: " + store.getClass().getSimpleName() + " keeps no index of users");
                        return StoreCommandLine.STORE_UNREACHABLE;
                    }
                    return list(store, request.user(), request.logout());
                });
    }

    private static Request request(Map<String, String> options) {
        boolean logout = OptionValues.bool(options, "--logout", false);
        String name = OptionValues.text(options, "--user", "a user name");
        if (name == null) {
            throw new ConfigException("--user", "", "a user name (required)");
        }
        return new Request(UserNames.indexed(name), logout);
    }

    private int list(SessionStore store, String user, boolean logout) {
        try {
            List<SessionRecord> sessions = store.sessionsOfUser(user, MAX_LISTED);
            for (SessionRecord r : sessions) {
                out.println(UserSession.of(r));
            }
            if (logout) {
                for (SessionRecord r : sessions) {
                    store.delete(r.id());
                }
                out.println(sessions.size() + " session(s) logged out (deleted from the store; no listener ran)");
            } else {
                out.println(sessions.size() + " session(s)");
            }
            return 0;
        } catch (StoreException e) {
            err.println("sessions: the store failed: " + LogText.escape(e.getMessage()));
            return StoreCommandLine.FAILED;
        }
    }

    /** {@code --logout} may stand alone (a flag): it then means {@code --logout yes}. */
    static String[] flagsAsValues(String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).equals("--logout") && (i + 1 == all.size() || all.get(i + 1).startsWith("--"))) {
                all.add(i + 1, "yes");
            }
        }
        return all.toArray(String[]::new);
    }

    private String usage() {
        return """
                usage: sessions --app /<engine>/<host><context path> <store options> --user NAME
                                [--logout (delete every session of the user from the store)]
                """ + commandLine.storeUsage();
    }
}
