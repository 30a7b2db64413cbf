package io.sessionstores.benchmarks.tomcat;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The load benchmark's web application: {@code /read} reads the session's 1 KB attribute and its
 * counter, {@code /write} increments the counter and replaces the 1 KB attribute. A request
 * without a session gets a new one holding only the counter (the "new session per request"
 * shape); the sessions the benchmark reuses are created through {@code /write}, so they carry
 * the 1 KB attribute.
 */
public final class BenchServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Size of the session attribute read and rewritten, in characters (ASCII: bytes). */
    static final int PAYLOAD_CHARS = 1024;

    private static final String COUNTER = "counter";
    private static final String DATA = "data";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession();
        Integer counter = (Integer) session.getAttribute(COUNTER);
        String data = (String) session.getAttribute(DATA);
        int value = counter == null ? 0 : counter;
        if (request.getServletPath().equals("/write")) {
            value++;
            session.setAttribute(DATA, payload());
        }
        if (counter == null || counter != value) {
            session.setAttribute(COUNTER, value);
        }
        response.setContentType("text/plain");
        response.getWriter().append("counter=").append(Integer.toString(value))
                .append(" data=").append(Integer.toString(data == null ? 0 : data.length())).append('\n');
    }

    /** 1 KB of random hex: changes on every write and does not compress to nothing. */
    private static String payload() {
        char[] chars = new char[PAYLOAD_CHARS];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = HEX[random.nextInt(HEX.length)];
        }
        return new String(chars);
    }
}
