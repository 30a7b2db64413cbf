package io.sessionstores.core.it.webapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.apache.catalina.util.ServerInfo;

/**
 * {@code GET /info}: what is serving this webapp, as {@code serverInfo} (the servlet context's
 * server info), {@code serverNumber} (Tomcat's {@code ServerInfo.getServerNumber()}) and
 * {@code contextPath}; with {@code ?jndi=<name>} also {@code jndi}: the value bound at
 * {@code java:comp/env/<name>} as a string, or the lookup error. Never touches the session.
 */
@WebServlet("/info")
public class InfoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("serverInfo", req.getServletContext().getServerInfo());
        info.put("serverNumber", ServerInfo.getServerNumber());
        info.put("contextPath", req.getContextPath());
        String jndi = req.getParameter("jndi");
        if (jndi != null) {
            info.put("jndi", lookup(jndi));
        }
        Json.write(resp, 200, info);
    }

    private static String lookup(String name) {
        try {
            return String.valueOf(new InitialContext().lookup("java:comp/env/" + name));
        } catch (NamingException e) {
            return "lookup failed: " + e;
        }
    }
}
