package io.sessionstores.core.frame;

import static io.sessionstores.core.frame.CorruptFrameException.Reason.BAD_MAC;
import static io.sessionstores.core.frame.CorruptFrameException.Reason.VERSION_MISMATCH;
import static io.sessionstores.core.frame.Frames.APP;
import static io.sessionstores.core.frame.Frames.BINDING;
import static io.sessionstores.core.frame.Frames.ID;
import static io.sessionstores.core.frame.Frames.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A signed frame is good only where it was written: under its application, its session id and
 * its record version. Someone who can write the store but lacks the key must not be able to copy
 * a victim's signed session under their own id, into another application sharing the key, or put
 * an older signed frame back under a newer record.
 */
class FrameBindingTest {

    private static final FrameOptions SIGNED = new FrameOptions(400, FrameOptions.DEFAULT_MAX_DECODED_SIZE, KEY);
    private final FrameReader reader = new FrameReader(SIGNED);
    private final byte[] signed = new FrameWriter(SIGNED).write(Frames.small(), BINDING).bytes();

    private CorruptFrameException.Reason refused(FrameReader frameReader, byte[] bytes, FrameBinding binding) {
        CorruptFrameException e = catchThrowableOfType(CorruptFrameException.class,
                () -> frameReader.read(bytes, binding));
        assertThat(e).as("frame read under %s must be refused", binding).isNotNull();
        return e.reason();
    }

    @Test
    void signedFrameReadsWhereItWasWritten() throws CorruptFrameException {
        assertThat(reader.read(signed, BINDING).attributes()).hasSize(2);
    }

    @Test
    void signedFrameCopiedToAnotherSessionIdIsRefused() {
        String attackersId = "FEDCBA9876543210FEDCBA9876543210";
        assertThat(refused(reader, signed, new FrameBinding(APP, attackersId, BINDING.version()))).isEqualTo(BAD_MAC);
    }

    @Test
    void signedFrameCopiedToAnotherApplicationIsRefused() {
        assertThat(refused(reader, signed, new FrameBinding("/Catalina/localhost/admin", ID, BINDING.version())))
                .isEqualTo(BAD_MAC);
    }

    @Test
    void appAndIdCannotBeShiftedIntoEachOther() {
        byte[] shifted = new FrameWriter(SIGNED).write(Frames.small(), new FrameBinding("/a/b", "cID", 7)).bytes();
        assertThat(refused(reader, shifted, new FrameBinding("/a/bc", "ID", 7))).isEqualTo(BAD_MAC);
    }

    @Test
    void olderFramePutBackUnderANewerRecordVersionIsRefused() {
        FrameBinding newer = new FrameBinding(APP, ID, BINDING.version() + 3);
        assertThat(refused(reader, signed, newer)).isEqualTo(VERSION_MISMATCH);
        byte[] unsigned = new FrameWriter(FrameOptions.defaults()).write(Frames.small(), BINDING).bytes();
        assertThat(refused(new FrameReader(FrameOptions.defaults()), unsigned, newer)).isEqualTo(VERSION_MISMATCH);
    }

    @Test
    void frameSignedWithoutTheBindingIsRefused() throws GeneralSecurityException {
        byte[] unbound = signed.clone();
        int trailerStart = unbound.length - FrameFormat.MAC_LENGTH;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(unbound, 0, FrameFormat.OFFSET_EXPIRES_AT);
        mac.update(unbound, FrameFormat.OFFSET_VERSION, trailerStart - FrameFormat.OFFSET_VERSION);
        System.arraycopy(mac.doFinal(), 0, unbound, trailerStart, FrameFormat.MAC_LENGTH);
        assertThat(unbound).as("the MAC changed").isNotEqualTo(signed);
        assertThat(refused(reader, unbound, BINDING)).isEqualTo(BAD_MAC);
    }

    @Test
    void writerRefusesABindingOfAnotherVersion() {
        FrameWriter writer = new FrameWriter(SIGNED);
        assertThatThrownBy(() -> writer.write(Frames.small(), new FrameBinding(APP, ID, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }

    @Test
    void bindingNeverShowsTheId() {
        assertThat(BINDING.toString()).contains(APP).doesNotContain(ID);
    }
}
