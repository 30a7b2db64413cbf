package io.sessionstores.samples.webapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /libraries}: which Jackson and Netty the web application itself sees (version and
 * the jar each came from), as JSON written with that Jackson. A webapp that bundles its own
 * versions must get them, not what the session-stores drop-in jar in {@code lib/} holds.
 */
@WebServlet("/libraries")
public class LibrariesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jackson", ObjectMapper.class.getPackage().getImplementationVersion() + " "
                + new ObjectMapper().version().toString());
        answer.put("jacksonJar", String.valueOf(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation()));
        try {
            Class<?> netty = Class.forName("io.netty.util.Version", true, getClass().getClassLoader());
            Object versions = netty.getMethod("identify", ClassLoader.class).invoke(null, getClass().getClassLoader());
            answer.put("netty", String.valueOf(((Map<?, ?>) versions).get("netty-common")));
            answer.put("nettyJar", String.valueOf(netty.getProtectionDomain().getCodeSource().getLocation()));
        } catch (ReflectiveOperationException e) {
            answer.put("netty", "none: " + e);
        }
        resp.setContentType("application/json");
        resp.getWriter().write(new ObjectMapper().writeValueAsString(answer));
    }
}
