package io.sessionstores.core.it.webapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /events}: this node's {@link EventLog} as {@code {"events":[...]}};
 * {@code DELETE /events}: clears it. Never touches the session.
 */
@WebServlet("/events")
public class EventsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.write(resp, 200, Map.of("events", EventLog.snapshot()));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        EventLog.clear();
        Json.write(resp, 200, Map.of("events", EventLog.snapshot()));
    }
}
