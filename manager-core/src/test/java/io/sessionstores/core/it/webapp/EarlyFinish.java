package io.sessionstores.core.it.webapp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Answers so that the client has the whole response BEFORE the servlet returns, then keeps the
 * request thread busy ({@code linger} ms, default 500), as an application that logs or cleans up
 * after answering does. Whatever a Manager saves after the servlet returns is then saved after the
 * client has seen the response: a read on another node right after it misses the write.
 * {@code finish=} selects how the response is completed early:
 * <ul>
 *   <li>{@code close}: the servlet closes the writer;</li>
 *   <li>{@code length}: the servlet sets {@code Content-Length} and writes exactly that many
 *       bytes, never closing anything (Tomcat 11 completes the response when the declared length
 *       is reached; 10.1.59 waits for the request to end);</li>
 *   <li>{@code flush}: the servlet writes and flushes (the response is committed, not complete).</li>
 * </ul>
 * Without {@code finish} the answer is written normally.
 */
final class EarlyFinish {

    private static final long DEFAULT_LINGER_MS = 500;

    private EarlyFinish() {
    }

    static void respond(HttpServletRequest req, HttpServletResponse resp, Map<String, Object> answer) throws IOException {
        String finish = req.getParameter("finish");
        if (finish == null) {
            Json.write(resp, 200, answer);
            return;
        }
        if ("close".equals(finish)) {
            Json.write(resp, 200, answer);
            resp.getWriter().close();
        } else if ("flush".equals(finish)) {
            Json.write(resp, 200, answer);
            resp.flushBuffer();
        } else if ("length".equals(finish)) {
            byte[] body = Json.bytes(answer);
            resp.setContentType("application/json");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        } else {
            Json.write(resp, 400, Map.of("error", "finish must be close, length or flush, not '" + finish + "'"));
            return;
        }
        linger(req.getParameter("linger"));
    }

    private static void linger(String millis) {
        try {
            Thread.sleep(millis == null ? DEFAULT_LINGER_MS : Long.parseLong(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
