package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.FrameFormat.CRC_LENGTH;
import static io.sessionstores.core.frame.FrameFormat.MAC_LENGTH;
import static io.sessionstores.core.frame.FrameFormat.MUTABLE_END;
import static io.sessionstores.core.frame.FrameFormat.OFFSET_EXPIRES_AT;

import java.security.GeneralSecurityException;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The frame's integrity trailer: a CRC32C without a key, an HMAC-SHA256 with one. Both cover the
 * whole frame except the mutable time fields ({@code 8..23}) and the trailer itself; the HMAC also
 * covers the {@link FrameBinding}'s application and session id, ahead of the frame bytes (the
 * record version is in the covered header). Thread-safe: each call works on its own clone of a
 * prepared {@link Mac}.
 */
final class FrameCheck {

    private static final String HMAC = "HmacSHA256";

    private final Mac prototype;

    /** @param hmacKey the key, or {@code null} for CRC32C */
    FrameCheck(byte[] hmacKey) {
        this.prototype = hmacKey == null ? null : initMac(hmacKey);
    }

    boolean signed() {
        return prototype != null;
    }

    int trailerLength() {
        return prototype == null ? CRC_LENGTH : MAC_LENGTH;
    }

    /** Writes the trailer over the last {@link #trailerLength()} bytes of {@code frame}. */
    void seal(byte[] frame, FrameBinding binding) {
        int trailerStart = frame.length - trailerLength();
        if (prototype == null) {
            FrameFormat.putInt(frame, trailerStart, crc(frame, trailerStart));
        } else {
            byte[] mac = mac(frame, trailerStart, binding);
            System.arraycopy(mac, 0, frame, trailerStart, MAC_LENGTH);
        }
    }

    /** Whether the trailer matches (constant-time for the MAC). The caller checked the length. */
    boolean verify(byte[] frame, FrameBinding binding) {
        int trailerStart = frame.length - trailerLength();
        if (prototype == null) {
            return FrameFormat.getInt(frame, trailerStart) == crc(frame, trailerStart);
        }
        byte[] expected = mac(frame, trailerStart, binding);
        int difference = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            difference |= expected[i] ^ frame[trailerStart + i];
        }
        return difference == 0; // constant time: every byte is compared
    }

    /** The CRC32C of an unsigned frame, trailer excluded. */
    static int crc(byte[] frame, int trailerStart) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, OFFSET_EXPIRES_AT);
        crc.update(frame, MUTABLE_END, trailerStart - MUTABLE_END);
        return (int) crc.getValue();
    }

    private byte[] mac(byte[] frame, int trailerStart, FrameBinding binding) {
        Mac mac = cloneMac();
        mac.update(binding.macPrefix());
        mac.update(frame, 0, OFFSET_EXPIRES_AT);
        mac.update(frame, MUTABLE_END, trailerStart - MUTABLE_END);
        return mac.doFinal();
    }

    private Mac cloneMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(HMAC + " of this JVM cannot be cloned", e);
        }
    }

    private static Mac initMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is missing from this JVM", e);
        }
    }
}
