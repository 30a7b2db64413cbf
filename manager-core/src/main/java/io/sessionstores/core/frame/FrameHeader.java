package io.sessionstores.core.frame;

/**
 * The fixed-size start of every frame. These fields sit at fixed offsets (see {@link FrameFormat})
 * so that a store's server-side script can read or patch the times without decoding anything else.
 *
 * @param codecId      the {@link io.sessionstores.core.codec.AttributeCodec#id() codec} of the values
 * @param expiresAt    epoch ms, or {@link io.sessionstores.core.store.SessionRecord#NEVER_EXPIRES}
 * @param lastAccess   epoch ms of the last recorded access
 * @param version      record version (>= 1)
 * @param creationTime epoch ms the session was created
 * @param maxInactive  maxInactiveInterval in seconds (<= 0: never expires)
 */
public record FrameHeader(int codecId, long expiresAt, long lastAccess, long version, long creationTime,
                          int maxInactive) {
}
