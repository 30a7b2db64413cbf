package io.sessionstores.core.engine;

import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreException;

/**
 * What one store read of a session gave the requests that shared it: the id read, and the record
 * ({@code null}: no live session) or the failure.
 */
record StoreRead(String id, SessionRecord record, StoreException failure) {

    /** The record, or the read's failure thrown in this request. */
    SessionRecord get() throws StoreException {
        if (failure != null) {
            throw failure;
        }
        return record;
    }
}
