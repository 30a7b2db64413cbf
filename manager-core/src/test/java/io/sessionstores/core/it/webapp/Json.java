package io.sessionstores.core.it.webapp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the test webapp's JSON responses. The response is left open (Jackson would close it by
 * default): the request ends when the servlet returns, as with most frameworks; a servlet that
 * wants to close the response early does so explicitly (see {@link EarlyFinish}).
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    static byte[] bytes(Object body) throws IOException {
        return MAPPER.writeValueAsBytes(body);
    }

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        MAPPER.writeValue(response.getWriter(), body);
    }
}
