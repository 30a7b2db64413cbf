package io.sessionstores.core.analysis;

import java.util.List;

import io.sessionstores.core.frame.AttributeSize;
import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.store.SessionRecord;

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
     * Measures {@code record}.
     *
     * @throws CorruptFrameException when the frame cannot be read, or its attributes alone are
     *         bigger than its recorded raw size
     */
    static SessionSize of(SessionRecord record) throws CorruptFrameException {
        List<AttributeSize> index = FrameReader.index(record.frame());
        long attributes = 0;
        for (AttributeSize a : index) {
            attributes += a.frameBytes();
        }
        long overhead = record.rawBytes() - attributes;
        if (overhead <= 0) {
            throw new CorruptFrameException(CorruptFrameException.Reason.MALFORMED, "attributes take " + attributes
                    + " bytes, more than the recorded raw size " + record.rawBytes());
        }
        return new SessionSize(record.rawBytes(), record.storedBytes(), overhead, index);
    }
}
