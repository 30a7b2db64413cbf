package io.sessionstores.core.it.webapp;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.Serializable;

/**
 * A serializable attribute value that records, in {@link EventLog}, the events a container sends
 * to the value itself: {@code valueBound <name>}, {@code valueUnbound <name>},
 * {@code willPassivate <label>} and {@code didActivate <label>} (passivation events carry no
 * attribute name, so the value's own label stands in).
 */
public class ListenerValue implements HttpSessionBindingListener, HttpSessionActivationListener, Serializable {

    private static final long serialVersionUID = 1L;

    private final String label;

    /** A value known in the event log as {@code label}. */
    public ListenerValue(String label) {
        this.label = label;
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
        EventLog.record("valueBound " + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        EventLog.record("valueUnbound " + event.getName());
    }

    @Override
    public void sessionWillPassivate(HttpSessionEvent se) {
        EventLog.record("willPassivate " + label);
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent se) {
        EventLog.record("didActivate " + label);
    }

    @Override
    public String toString() {
        return "ListenerValue[" + label + "]";
    }
}
