package io.sessionstores.core.engine;

import java.security.Principal;
import java.util.Enumeration;
import java.util.Map;

import org.apache.catalina.Manager;

import io.sessionstores.core.store.SessionRecord;

/**
 * A stored session as Tomcat's manager webapp and the Manager's JMX operations see it on a node
 * that holds no copy of it at the record's version: built from the record alone, never registered
 * as this node's copy, never served to a request. Its attributes, creation time and
 * authentication are decoded from the frame (with the Manager's codec and allowlist) only when
 * something asks for them, so a listing or a count costs the scan and no deserialization.
 *
 * <p>What an operator does to it goes to the store at once: {@code removeAttribute} and
 * {@code setAttribute} write the record (compare-and-set on the version, merged over a newer
 * version as any save is), {@code invalidate} deletes it, and an expiry judged from it deletes it
 * only if its version is unchanged. The listeners fire here, once; the node holding a copy drops
 * it silently at its next request, as for any change made on another node.
 */
final class StoredSessionView extends VersionedSession {

    private static final long serialVersionUID = 1L;

    private final transient StoredSessions owner;
    private final transient SessionRecord record;
    private transient volatile boolean decoded;
    /** Whether the frame decoded (a corrupt or foreign one leaves the view without attributes, unchangeable). */
    private transient volatile boolean readable;

    <M extends Manager & SessionHost> StoredSessionView(M manager, StoredSessions owner, SessionRecord record) {
        super(manager);
        this.owner = owner;
        this.record = record;
        this.id = record.id(); // not setId: that would register it as this node's copy
        // What the record's indexed numbers tell without decoding the frame; the rest comes with decode().
        restore(record.lastAccess(), record.lastAccess(), record.maxInactive(), false, null, null);
        synced(record.version(), record.lastAccess(), record.expiresAt(), record.maxInactive(), null,
                Map.of(), Map.of());
    }

    /** Decodes the frame into this view once: attributes (without listeners), creation time, authentication. */
    private void decode() {
        if (decoded) {
            return;
        }
        synchronized (this) {
            if (!decoded) {
                readable = owner.decode(record, this);
                decoded = true;
            }
        }
    }

    /** A change written from a view that did not decode would drop every stored attribute: refused. */
    private void decodeForChange() {
        decode();
        if (!readable) {
            throw new IllegalStateException(owner.unreadable(getIdInternal()));
        }
    }

    @Override
    public long getCreationTime() {
        decode();
        return super.getCreationTime();
    }

    @Override
    public long getCreationTimeInternal() {
        decode();
        return super.getCreationTimeInternal();
    }

    @Override
    public Principal getPrincipal() {
        decode();
        return super.getPrincipal();
    }

    @Override
    public String getAuthType() {
        decode();
        return super.getAuthType();
    }

    @Override
    public Object getAttribute(String name) {
        decode();
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        decode();
        return super.getAttributeNames();
    }

    @Override
    protected String[] keys() {
        decode();
        return super.keys();
    }

    /** Sets the attribute (listeners fire here) and writes the session at once. */
    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        decodeForChange();
        super.setAttribute(name, value, notify);
        owner.saveNow(this);
    }

    /** Removes the attribute (listeners fire here) and writes the session at once. */
    @Override
    public void removeAttribute(String name, boolean notify) {
        decodeForChange();
        super.removeAttribute(name, notify);
        owner.saveNow(this);
    }

    /** Ends the session (listeners fire here), deletes its record, and drops this node's stale copy. */
    @Override
    public void expire(boolean notify) {
        decode();
        boolean wasValid = alive();
        super.expire(notify);
        if (wasValid && !alive()) {
            owner.ended(getIdInternal());
        }
    }
}
