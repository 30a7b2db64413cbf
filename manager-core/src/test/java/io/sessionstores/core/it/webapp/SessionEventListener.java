package io.sessionstores.core.it.webapp;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Records the container's session lifecycle, attribute and id-change events in {@link EventLog}
 * as {@code created <id>}, {@code destroyed <id>}, {@code attributeAdded <name>},
 * {@code attributeReplaced <name>}, {@code attributeRemoved <name>} and
 * {@code idChanged <oldId> <newId>}.
 */
@WebListener
public class SessionEventListener implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

    @Override
    public void sessionCreated(HttpSessionEvent se) {
        EventLog.record("created " + se.getSession().getId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        EventLog.record("destroyed " + se.getSession().getId());
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        EventLog.record("attributeAdded " + event.getName());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        EventLog.record("attributeRemoved " + event.getName());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        EventLog.record("attributeReplaced " + event.getName());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        EventLog.record("idChanged " + oldSessionId + " " + event.getSession().getId());
    }
}
