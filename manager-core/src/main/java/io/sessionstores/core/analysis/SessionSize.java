package io.sessionstores.core.analysis;

import java.util.List;
import java.util.Optional;

import io.sessionstores.core.frame.AttributeSize;
import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.store.ScannedRecord;

/**
 * The sizes of one stored session, from its frame's attribute index alone: no value is decoded,
 * no application class loaded, nothing decompressed.
 *
 * @param rawBytes    the raw size (frame with its attribute section uncompressed)
 * @param storedBytes the stored size
 * @param overhead    {@code rawBytes} minus the attributes' {@link AttributeSize#frameBytes()}
 * @param attributes  the attribute index
 */
record SessionSize(long rawBytes, long storedBytes, long overhead, List<AttributeSize> attributes) {

    /**
     * Measures {@code scanned}, whose frame may be only the frame's head
     * ({@link ScannedRecord#isPartial()}).
     *
     * @return the sizes, or empty when the attribute index runs past the head: the caller reads the
     *         whole frame and measures again
     * @throws CorruptFrameException when the frame cannot be read, or its attributes alone are
     *         bigger than its recorded raw size
     */
    static Optional<SessionSize> of(ScannedRecord scanned) throws CorruptFrameException {
        Optional<List<AttributeSize>> read = FrameReader.headIndex(scanned.record().frame(), scanned.frameLength());
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<AttributeSize> index = read.get();
        long attributes = 0;
        for (AttributeSize a : index) {
            attributes += a.frameBytes();
        }
        long raw = scanned.record().rawBytes();
        long overhead = raw - attributes;
        if (overhead <= 0) {
            throw new CorruptFrameException(CorruptFrameException.Reason.MALFORMED, "attributes take " + attributes
                    + " bytes, more than the recorded raw size " + raw);
        }
        return Optional.of(new SessionSize(raw, scanned.frameLength(), overhead, index));
    }
}
