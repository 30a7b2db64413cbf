package io.sessionstores.samples;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the log records of {@code io.sessionstores.*} (JULI logs through java.util.logging). */
final class LogRecorder extends Handler implements AutoCloseable {

    private static final Logger ROOT = Logger.getLogger("io.sessionstores");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    static LogRecorder start() {
        LogRecorder r = new LogRecorder();
        ROOT.addHandler(r);
        return r;
    }

    /** The messages (with their thrown exception's text) logged at WARNING or above. */
    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()))
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close() {
        ROOT.removeHandler(this);
    }
}
