package io.sessionstores.core.it;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what is logged through java.util.logging below a logger name, which is where Tomcat's
 * JULI sends everything in an embedded Tomcat: {@code LogCapture.of("")} sees every line Tomcat,
 * the Manager and the stores write. Each line is kept as Tomcat's formatter would print it
 * (message with its parameters, then the thrown exception and its causes).
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts collecting every level below {@code loggerName} ({@code ""}: everything). */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.setLevel(Level.ALL);
        capture.logger.addHandler(capture);
        return capture;
    }

    /** Every line collected so far, as text. */
    public List<String> lines() {
        return records.stream().map(LogCapture::text).toList();
    }

    /** The lines logged at WARNING or above. */
    public List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogCapture::text).toList();
    }

    /** Forgets what was collected. */
    public void clear() {
        records.clear();
    }

    private static String text(LogRecord r) {
        String message = r.getMessage();
        if (message != null && r.getParameters() != null && r.getParameters().length > 0) {
            try {
                message = MessageFormat.format(message, r.getParameters());
            } catch (IllegalArgumentException e) {
                message = message + " " + List.of(r.getParameters());
            }
        }
        StringBuilder line = new StringBuilder(r.getLoggerName() + " " + r.getLevel() + " " + message);
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        return line.toString();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    /** Stops collecting. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
