package io.sessionstores.core.deploycheck;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a deploy check found: how many of the sampled sessions the new version would read whole,
 * which attributes it would drop and why, and which sessions it could not read at all.
 *
 * @param app               the application checked
 * @param war               the WAR (or directory) given, as given
 * @param storedSessions    the store's record count when the check started
 * @param sampleLimit       the most live sessions the check reads ({@link Long#MAX_VALUE}: all)
 * @param checked           live sessions read and decoded
 * @param expired           expired records seen and skipped (no node would read them)
 * @param sessionsLosingAttributes checked sessions of which at least one attribute would be dropped
 * @param unreadableSessions checked sessions whose frame the new version would not read at all
 *                          (they would be treated as missing: those users logged out)
 * @param attributesChecked attributes decoded in all
 * @param drops             the dropped attributes, one row per (attribute name, class, reason),
 *                          the most frequent first
 * @param omittedDrops      dropped attributes not listed because there were more than
 *                          {@link DeployCheck#MAX_ROWS} rows (their sessions are counted above all the same)
 * @param unreadable        why frames were unreadable: reason -> sessions
 * @param durationMillis    how long the check took
 */
public record DeployCheckReport(String app, String war, long storedSessions, long sampleLimit, long checked,
                                long expired, long sessionsLosingAttributes, long unreadableSessions,
                                long attributesChecked, List<Drop> drops, long omittedDrops,
                                Map<String, Long> unreadable, long durationMillis) {

    /**
     * Attributes of one name and class dropped for one reason.
     *
     * @param attribute the attribute's name as stored (untrusted text: escape it to show it)
     * @param className the class the failure names (the missing, changed or refused one; may be empty)
     * @param reason    why
     * @param sessions  in how many checked sessions
     * @param example   the codec's message for the first of them (untrusted text)
     */
    public record Drop(String attribute, String className, DropReason reason, long sessions, String example) {
    }

    public DeployCheckReport {
        drops = List.copyOf(drops);
        unreadable = Collections.unmodifiableMap(new TreeMap<>(unreadable));
    }

    /** Whether every checked session reads whole with the new version: nothing dropped, nothing unreadable. */
    public boolean safe() {
        return sessionsLosingAttributes == 0 && unreadableSessions == 0;
    }
}
