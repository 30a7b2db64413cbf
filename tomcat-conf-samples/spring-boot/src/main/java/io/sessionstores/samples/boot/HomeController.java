package io.sessionstores.samples.boot;

import java.security.Principal;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** {@code /}: the user's name, a counter kept in the session, and a logout button. */
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
                + "\"/><button>Log out</button></form></body></html>";
    }
}
