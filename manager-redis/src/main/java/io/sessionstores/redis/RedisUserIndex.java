package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.redisson.api.RScript;
import org.redisson.client.protocol.ScoredEntry;
import org.redisson.client.codec.StringCodec;

import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.UserNames;

/**
 * The user index of a Redis store: per user, a sorted set {@code <keyPrefix>user:<hash of the
 * name>} of the ids of the sessions whose frame names that user, scored by when each was listed
 * (the server's clock).
 *
 * <p>A session and its user's index live under different keys (on a Cluster, on different
 * shards), and every script touches one key, so the two cannot change in one step. The index is
 * kept exact for its readers by two rules instead:
 * <ol>
 *   <li><b>Listed before stored.</b> A write that gives a session a user its stored record does
 *       not carry is refused by the write script ({@code write.lua} answers 2) until the caller
 *       has listed the id ({@code index-add.lua}); so every stored session of a user is in the
 *       user's index, whichever node wrote it.</li>
 *   <li><b>Checked when read.</b> A reader reads the records of the listed ids and keeps those
 *       live and naming the user; an id whose session is gone or names someone else (a logout,
 *       an expiry, a changed id, a migration) is never answered, and is removed
 *       ({@code index-prune.lua}) only if it was not listed again since it was read and was
 *       listed longer ago than {@link #PRUNE_AFTER_MILLIS}, far longer than a write takes between
 *       listing an id and storing its record.</li>
 * </ol>
 * Ids of ended sessions are removed by every read of the user's index (each login when
 * {@code maxSessionsPerUser} is set, {@code sessionsOfUser}, {@code logoutUser}) and by a bounded
 * walk over the index keys from the store's background run, so the index does not grow without
 * bound.
 */
final class RedisUserIndex {

    /** An id is removed only once it was listed at least this long ago (server's clock). */
    static final long PRUNE_AFTER_MILLIS = 60_000L;
    /** Most ids of one user read per call. */
    static final int MAX_LISTED = 10_000;
    /** How often the background run walks on over the index keys. */
    static final long PRUNE_PERIOD_MILLIS = 60_000L;
    /** Index keys whose ended sessions one background run removes. */
    private static final int KEYS_PER_RUN = 20;

    private static final byte[] NONE = new byte[0];

    private final RedisConnection connection;
    private final KeyLayout layout;
    private final LuaScript add = LuaScript.named("index-add");
    private final LuaScript prune = LuaScript.named("index-prune");
    private final long pruneAfterMillis;
    private final RecordsById records;
    private Iterator<String> walk;
    private long lastPrune;

    /** The records of ids, whatever their state ({@code SessionStore.lookup}). */
    interface RecordsById {
        List<ScannedRecord> lookup(Collection<String> ids) throws StoreException;
    }

    RedisUserIndex(RedisConnection connection, KeyLayout layout, RecordsById records, long pruneAfterMillis) {
        this.connection = connection;
        this.layout = layout;
        this.records = records;
        this.pruneAfterMillis = pruneAfterMillis;
    }

    /** The key of {@code user}'s index ({@code user} in its indexed form). */
    String key(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return layout.prefix() + "user:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Lists {@code id} in the index of {@code name} (the principal name, as the frame has it). */
    void add(String name, String id) throws StoreException {
        String key = key(UserNames.indexed(name));
        connection.call("indexUser", id, client -> add.run(client, RScript.ReturnType.INTEGER, key, NONE, NONE,
                id.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The live sessions of {@code user} (indexed form), most recently used first, at most
     * {@code limit}; removes the ids of ended ones from the index as it goes.
     */
    List<SessionRecord> sessionsOf(String user, int limit) throws StoreException {
        List<SessionRecord> live = checked(key(user));
        live.removeIf(r -> !user.equals(indexedUserOf(r)));
        live.sort(Comparator.comparingLong(SessionRecord::lastAccess).reversed());
        return live.size() > limit ? List.copyOf(live.subList(0, limit)) : live;
    }

    /**
     * Background run, at most once per {@link #PRUNE_PERIOD_MILLIS}: reads the indexes of the
     * next {@value #KEYS_PER_RUN} users (a {@code SCAN} walk over the index keys that starts again
     * once done), which removes the ids of their ended sessions. Catches the users who never come
     * back, whose index no login reads.
     */
    void pruneDue() throws StoreException {
        long now = System.nanoTime();
        if (lastPrune != 0 && now - lastPrune < PRUNE_PERIOD_MILLIS * 1_000_000L) {
            return;
        }
        lastPrune = now;
        pruneSome();
    }

    /** {@link #pruneDue} now. */
    void pruneSome() throws StoreException {
        String pattern = KeyLayout.globEscape(layout.prefix() + "user:") + "*";
        List<String> keys = new ArrayList<>();
        connection.call("pruneUserIndexes", null, client -> {
            if (walk == null || !walk.hasNext()) {
                walk = client.getKeys().getKeysStreamByPattern(pattern, 100).iterator();
            }
            while (keys.size() < KEYS_PER_RUN && walk.hasNext()) {
                keys.add(walk.next());
            }
            return null;
        });
        for (String key : keys) {
            checked(key);
        }
    }

    /**
     * The live records listed under {@code key} whose frame names the user of that key; the ids
     * of the others (ended, or naming someone else now) are pruned (see the class comment).
     */
    private List<SessionRecord> checked(String key) throws StoreException {
        Collection<ScoredEntry<String>> listed = connection.call("readUserIndex", null,
                client -> client.<String>getScoredSortedSet(key, StringCodec.INSTANCE).entryRange(0, MAX_LISTED - 1));
        if (listed.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, Double> scores = listed.stream()
                .collect(Collectors.toMap(ScoredEntry::getValue, ScoredEntry::getScore, (a, b) -> a));
        List<SessionRecord> live = new ArrayList<>();
        Set<String> ended = new LinkedHashSet<>(scores.keySet());
        for (ScannedRecord r : records.lookup(scores.keySet())) {
            String user = r.expired() ? null : indexedUserOf(r.record());
            if (user != null && key(user).equals(key)) {
                live.add(r.record());
                ended.remove(r.record().id());
            }
        }
        prune(key, ended, scores);
        return live;
    }

    private void prune(String key, Set<String> ended, Map<String, Double> scores) throws StoreException {
        if (ended.isEmpty()) {
            return;
        }
        byte[][] args = new byte[3 + 2 * ended.size()][];
        args[0] = NONE;
        args[1] = NONE;
        args[2] = LuaScript.arg(pruneAfterMillis);
        int i = 3;
        for (String id : ended) {
            args[i++] = id.getBytes(StandardCharsets.UTF_8);
            args[i++] = LuaScript.arg(scores.get(id).longValue());
        }
        connection.call("pruneUserIndex", null, client -> prune.run(client, RScript.ReturnType.INTEGER, key, args));
    }

    /** The indexed form of the user a record's frame names, or {@code null}. */
    static String indexedUserOf(SessionRecord record) {
        return UserNames.indexed(UserNames.principalOf(record.frame()));
    }
}
