package io.sessionstores.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.SessionRecord;

/** Builds frames by hand for tests: a header laid out per {@link FrameFormat}, then body bytes. */
final class TestFrames {

    private TestFrames() {
    }

    static byte[] frame(long version, long expiresAt, long lastAccess, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(FrameFormat.HEADER_LENGTH + body.length);
        b.put(new byte[] {'S', 'S', 'F', (byte) FrameFormat.FORMAT_VERSION});
        b.put((byte) 0).put((byte) 1).putShort((short) 0);
        b.putLong(expiresAt).putLong(lastAccess).putLong(version).putLong(lastAccess - 1000).putInt(1800);
        b.put(body);
        return b.array();
    }

    static SessionRecord record(String id, long version, long expiresAt, long lastAccess, String body) {
        return record(id, version, expiresAt, lastAccess, body.getBytes(StandardCharsets.UTF_8));
    }

    static SessionRecord record(String id, long version, long expiresAt, long lastAccess, byte[] body) {
        byte[] frame = frame(version, expiresAt, lastAccess, body);
        return new SessionRecord(id, frame, version, expiresAt, lastAccess, 1800, frame.length);
    }
}
