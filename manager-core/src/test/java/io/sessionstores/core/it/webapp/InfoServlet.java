package io.sessionstores.core.it.webapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.catalina.util.ServerInfo;

/**
 * {@code GET /info}: what is serving this webapp, as {@code serverInfo} (the servlet context's
 * server info), {@code serverNumber} (Tomcat's {@code ServerInfo.getServerNumber()}) and
 * {@code contextPath}. Never touches the session.
 */
@WebServlet("/info")
public class InfoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.write(resp, 200, Map.of(
                "serverInfo", req.getServletContext().getServerInfo(),
                "serverNumber", ServerInfo.getServerNumber(),
                "contextPath", req.getContextPath()));
    }
}
