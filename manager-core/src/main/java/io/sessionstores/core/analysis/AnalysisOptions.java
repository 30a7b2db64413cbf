package io.sessionstores.core.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.ScanRequest;

/**
 * What one analysis looks at and how gently.
 *
 * @param biggerThan only sessions whose raw size is greater than this many bytes (default
 *                   {@value #DEFAULT_BIGGER_THAN}; 0 and more); not applied to a list of ids
 * @param ids        the sessions to analyse instead of walking the store, or {@code null}; each
 *                   listed id is analysed whatever its size, duplicates count once
 * @param batchSize  records per store call, 1 to {@link ScanRequest#MAX_LIMIT} (default
 *                   {@value #DEFAULT_BATCH_SIZE})
 * @param pause      wait between two batches (default none), so a big walk leaves the store room
 */
public record AnalysisOptions(long biggerThan, List<String> ids, int batchSize, Duration pause) {

    public static final long DEFAULT_BIGGER_THAN = 10_240;
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    /** Longest pause between batches accepted. */
    public static final long MAX_PAUSE_MS = 60_000;

    /** Validates; a bad value is a {@link ConfigException} naming the option. */
    public AnalysisOptions {
        ConfigCheck.range("biggerThan", biggerThan, 0, Integer.MAX_VALUE);
        ConfigCheck.range("batchSize", batchSize, 1, ScanRequest.MAX_LIMIT);
        ConfigCheck.range("pauseMillis", pause.toMillis(), 0, MAX_PAUSE_MS);
        ids = ids == null ? null : List.copyOf(new LinkedHashSet<>(ids));
    }

    /** Sessions bigger than {@code biggerThan} bytes, default batch size, no pause. */
    public static AnalysisOptions biggerThan(long biggerThan) {
        return new AnalysisOptions(biggerThan, null, DEFAULT_BATCH_SIZE, Duration.ZERO);
    }

    /** These ids, default batch size, no pause. */
    public static AnalysisOptions ids(List<String> ids) {
        return new AnalysisOptions(DEFAULT_BIGGER_THAN, ids, DEFAULT_BATCH_SIZE, Duration.ZERO);
    }

    /** Whether a list of ids replaces the walk. */
    public boolean byIds() {
        return ids != null;
    }

    /**
     * The ids in {@code text}: separated by line breaks, commas or white space; blank entries and
     * lines starting with {@code #} are skipped.
     */
    public static List<String> parseIds(String text) {
        List<String> ids = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            for (String id : entry.split("[,\\s]+")) {
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** The ids of a file, one per line (see {@link #parseIds}). */
    public static List<String> readIds(Path file) throws IOException {
        return parseIds(Files.readString(file, StandardCharsets.UTF_8));
    }
}
