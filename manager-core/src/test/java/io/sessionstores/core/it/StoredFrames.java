package io.sessionstores.core.it;

import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import java.util.Set;
import java.util.TreeSet;

/** Reads what an in-memory store holds, without any Manager: the test's view of "stored". */
final class StoredFrames {

    private static final FrameReader READER = new FrameReader(new FrameOptions(
            FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH, FrameOptions.DEFAULT_MAX_DECODED_SIZE, null));

    private StoredFrames() {
    }

    /** The attribute names stored for session {@code id} of {@code node}'s application in store {@code store}. */
    static Set<String> attributeNames(String store, TomcatNode node, String id) {
        SessionRecord rec = InMemorySessionStore.records(store, node.appName()).get(id);
        if (rec == null) {
            throw new AssertionError("no stored session " + id);
        }
        Set<String> names = new TreeSet<>();
        try {
            for (EncodedAttribute a : READER.read(rec.frame(), new FrameBinding(node.appName(), id, rec.version())).attributes()) {
                names.add(a.name());
            }
        } catch (CorruptFrameException e) {
            throw new AssertionError("stored frame of " + id + " unreadable", e);
        }
        return names;
    }
}
