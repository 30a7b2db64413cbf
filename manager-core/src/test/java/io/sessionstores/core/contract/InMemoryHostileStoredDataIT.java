package io.sessionstores.core.contract;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;

/** {@link HostileStoredDataContract} on the in-memory store: the Manager's side alone. */
class InMemoryHostileStoredDataIT extends HostileStoredDataContract {

    private static final String STORE = "hostile";

    @Override
    protected String storeXml(String app) {
        return "<Store className=\"" + InMemorySessionStore.class.getName() + "\" name=\"" + STORE + "\"/>";
    }

    @Override
    protected void putRaw(String app, String id, byte[] frame, long version) {
        long now = System.currentTimeMillis();
        InMemorySessionStore.records(STORE, app).put(id, new SessionRecord(id, frame, version, now + 1_800_000, now,
                1800, frame.length));
    }

    @Override
    protected byte[] getRaw(String app, String id) {
        SessionRecord record = InMemorySessionStore.records(STORE, app).get(id);
        return record == null ? null : record.frame();
    }
}
