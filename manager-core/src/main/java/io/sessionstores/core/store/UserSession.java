package io.sessionstores.core.store;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.sessionstores.core.frame.FrameFormat;

/**
 * One session of a user, as the store knows it: what {@code UserSessions.sessionsOf}, the
 * Manager's {@code sessionsOfUser} operation and the {@code sessions} command show. Never the session id itself (it is the
 * user's credential), only its hash, as in the logs.
 *
 * @param idHash       the hash of the session id ({@link SessionIds#hash})
 * @param created      when the session was created, epoch ms
 * @param lastUsed     its last request, epoch ms
 * @param expires      when it expires unless used again, epoch ms ({@code 0}: never)
 * @param storedBytes  its size in the store
 */
public record UserSession(String idHash, long created, long lastUsed, long expires, int storedBytes) {

    /** What a stored record of the user's says. */
    public static UserSession of(SessionRecord r) {
        return new UserSession(SessionIds.hash(r.id()), ByteBuffer.wrap(r.frame()).getLong(FrameFormat.OFFSET_CREATION_TIME),
                r.lastAccess(), r.expiresAt(), r.storedBytes());
    }

    /** One line: hash, then ISO-8601 times and the size. */
    @Override
    public String toString() {
        return idHash + " created=" + Instant.ofEpochMilli(created) + " lastUsed="
                + Instant.ofEpochMilli(lastUsed) + " expires="
                + (expires == 0 ? "never" : Instant.ofEpochMilli(expires).toString()) + " size="
                + storedBytes;
    }
}
