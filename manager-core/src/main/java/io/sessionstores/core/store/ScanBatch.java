package io.sessionstores.core.store;

import java.util.List;

/**
 * One batch of a {@link SessionStore#scan}.
 *
 * @param records    the records found, expired ones included and flagged
 * @param examined   how many stored records the store looked at to find them (at least
 *                   {@code records.size()}; more when the size filter ran outside an index, as in
 *                   Redis): progress of the walk
 * @param nextCursor the cursor of the next batch, or {@code null} when the walk is complete
 */
public record ScanBatch(List<ScannedRecord> records, long examined, String nextCursor) {

    public ScanBatch {
        records = List.copyOf(records);
    }

    /** Whether this was the last batch. */
    public boolean isLast() {
        return nextCursor == null;
    }
}
