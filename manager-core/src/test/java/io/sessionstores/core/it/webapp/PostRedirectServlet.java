package io.sessionstores.core.it.webapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * POST-then-redirect: {@code POST /post-redirect} with form parameters {@code name} and
 * {@code value} sets that attribute (creating the session) and answers 303 to
 * {@code /session/get}, the pattern where the follow-up request must see the write even when it
 * lands on another node.
 */
@WebServlet("/post-redirect")
public class PostRedirectServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.getSession(true).setAttribute(req.getParameter("name"), req.getParameter("value"));
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", req.getContextPath() + "/session/get");
    }
}
