package io.sessionstores.core.frame;

/**
 * The bytes are not a frame this reader accepts. The Manager treats the session as missing
 * (logged with a hash of the id, counted). The message never holds attribute values.
 */
public class CorruptFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a frame was refused. */
    public enum Reason {
        /** Fewer bytes than the layout needs. */
        TRUNCATED,
        /** Does not start with the frame magic. */
        BAD_MAGIC,
        /** A format version this reader does not know. */
        UNKNOWN_VERSION,
        /** The CRC32C does not match: damaged bytes. */
        BAD_CHECK,
        /** The HMAC does not verify, or the frame is signed/unsigned against the reader's key setting. */
        BAD_MAC,
        /** A declared or actual size exceeds the reader's limits. */
        TOO_LARGE,
        /** The check passed, yet a field holds an impossible value. */
        MALFORMED,
        /** The frame's record version is not the one the store keeps for it (an older frame put back). */
        VERSION_MISMATCH
    }

    private final Reason reason;

    /**
     * @param reason why the frame was refused
     * @param detail what was found, for the log line
     */
    public CorruptFrameException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /** Why the frame was refused. */
    public Reason reason() {
        return reason;
    }
}
