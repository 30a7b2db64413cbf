package io.sessionstores.samples;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The demo page: every visit adds one to the session's counter and shows the session's id and
 * attributes. {@code ?name=&value=} also sets an attribute; {@code ?format=json} answers JSON
 * (for tests and curl). The counter lives in the database, so it survives a Tomcat restart.
 */
public class DemoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(true);
        Integer counter = (Integer) session.getAttribute("counter");
        session.setAttribute("counter", counter == null ? 1 : counter + 1);
        session.setAttribute("lastVisit", Instant.now().toString());
        String name = req.getParameter("name");
        if (name != null && !name.isBlank()) {
            session.setAttribute(name, String.valueOf(req.getParameter("value")));
        }
        Map<String, String> attributes = new TreeMap<>();
        for (String n : Collections.list(session.getAttributeNames())) {
            attributes.put(n, String.valueOf(session.getAttribute(n)));
        }
        if ("json".equals(req.getParameter("format"))) {
            json(resp, session.getId(), attributes);
        } else {
            html(resp, session.getId(), attributes);
        }
    }

    private static void json(HttpServletResponse resp, String id, Map<String, String> attributes) throws IOException {
        resp.setContentType("application/json;charset=UTF-8");
        StringBuilder out = new StringBuilder("{\"id\":\"").append(escapeJson(id)).append("\",\"attributes\":{");
        String separator = "";
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            out.append(separator).append('"').append(escapeJson(e.getKey())).append("\":\"")
                    .append(escapeJson(e.getValue())).append('"');
            separator = ",";
        }
        resp.getWriter().write(out.append("}}").toString());
    }

    private static void html(HttpServletResponse resp, String id, Map<String, String> attributes) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<!DOCTYPE html><html><head><title>session-stores demo</title></head><body>");
        out.println("<h1>session-stores demo</h1>");
        out.println("<p>Session <code>" + escapeHtml(id) + "</code>, stored in H2 through the JDBC store.</p>");
        out.println("<p style=\"font-size:2em\">Counter: <b>" + escapeHtml(attributes.get("counter")) + "</b></p>");
        out.println("<table border=\"1\"><tr><th>attribute</th><th>value</th></tr>");
        attributes.forEach((k, v) -> out.println("<tr><td>" + escapeHtml(k) + "</td><td>" + escapeHtml(v) + "</td></tr>"));
        out.println("</table>");
        out.println("<form><input name=\"name\" placeholder=\"name\"> <input name=\"value\" placeholder=\"value\">"
                + " <button>set attribute</button></form>");
        out.println("<p>Reload to count. Stop Tomcat (Ctrl-C), start it again: the counter goes on.</p>");
        out.println("</body></html>");
    }

    private static String escapeHtml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String escapeJson(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
