package io.sessionstores.core.it.webapp;

import java.util.ArrayList;
import java.util.List;

/**
 * The session events one node (one web application instance) has seen, in order. Listeners
 * append here; {@code /events} serves and clears it. Each event is a short line such as
 * {@code created <id>}, {@code attributeAdded <name>}, {@code valueBound <name>} or
 * {@code idChanged <old> <new>}: plain words so a test asserts on them directly.
 *
 * <p>Loaded by the web application's class loader, so every deployment (every node) has its own.
 */
public final class EventLog {

    private static final List<String> EVENTS = new ArrayList<>();

    private EventLog() {
    }

    /** Appends one event. */
    public static synchronized void record(String event) {
        EVENTS.add(event);
    }

    /** The events recorded so far, oldest first. */
    public static synchronized List<String> snapshot() {
        return List.copyOf(EVENTS);
    }

    /** Forgets every event. */
    public static synchronized void clear() {
        EVENTS.clear();
    }
}
