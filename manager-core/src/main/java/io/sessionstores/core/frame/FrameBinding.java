package io.sessionstores.core.frame;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a frame belongs: the application, the session id and the record version it is stored
 * under. A signed frame's HMAC covers the application and the id (they are not stored in the
 * frame, the caller supplies them), and its header holds the version; so a signed frame copied to
 * another session id, or into another application sharing the key, does not verify, and a frame
 * whose version is not the one the store keeps for it (an older frame put back under a newer
 * record) is refused too.
 *
 * @param app     the application, as the store knows it (Tomcat's {@code /engine/host/context})
 * @param id      the session id the frame is stored under
 * @param version the record version the store holds for the frame
 */
public record FrameBinding(String app, String id, long version) {

    public FrameBinding {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(id, "id");
    }

    /** The MAC's input before the frame bytes: each string as a 4-byte length and its UTF-8 bytes. */
    byte[] macPrefix() {
        byte[] appBytes = app.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[8 + appBytes.length + idBytes.length];
        FrameFormat.putInt(prefix, 0, appBytes.length);
        System.arraycopy(appBytes, 0, prefix, 4, appBytes.length);
        FrameFormat.putInt(prefix, 4 + appBytes.length, idBytes.length);
        System.arraycopy(idBytes, 0, prefix, 8 + appBytes.length, idBytes.length);
        return prefix;
    }

    /** Never shows the id. */
    @Override
    public String toString() {
        return "FrameBinding[app=" + app + ", version=" + version + "]";
    }
}
