package io.sessionstores.samples.boot;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import io.sessionstores.core.UserSessions;

/**
 * {@code /}: the user's name, a counter kept in the session, a logout button, and a "log out my
 * other devices" button ({@code POST /logout-other-devices}, through the Manager's
 * {@link UserSessions}).
 */
@RestController
public class HomeController {

    @GetMapping(value = "/", produces = "text/html")
    public String home(Principal user, HttpSession session, CsrfToken csrf) {
        Integer counter = (Integer) session.getAttribute("counter");
        counter = counter == null ? 1 : counter + 1;
        session.setAttribute("counter", counter);
        return "<!DOCTYPE html><html><body>"
                + "<p>user: <span id=\"user\">" + HtmlUtils.htmlEscape(user.getName()) + "</span></p>"
                + "<p>counter: <span id=\"counter\">" + counter + "</span></p>"
                + "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\""
                + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\"" + HtmlUtils.htmlEscape(csrf.getToken())
                + "\"/><button>Log out</button></form>"
                + "<form method=\"post\" action=\"/logout-other-devices\"><input type=\"hidden\" name=\""
                + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\"" + HtmlUtils.htmlEscape(csrf.getToken())
                + "\"/><button>Log out my other devices</button></form></body></html>";
    }

    /** Ends the user's sessions on every node but this one. */
    @PostMapping(value = "/logout-other-devices", produces = "text/html")
    public String logoutOtherDevices(HttpServletRequest request) {
        UserSessions users = (UserSessions) request.getServletContext().getAttribute(UserSessions.CONTEXT_ATTRIBUTE);
        int ended = users.logoutOthers(request.getSession(false));
        return "<!DOCTYPE html><html><body><p>other devices logged out: <span id=\"ended\">" + ended
                + "</span></p></body></html>";
    }
}
