package io.sessionstores.samples;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tomcat's own manager webapp on one node, as an operator's browser and scripts use it: the HTML
 * pages ({@code /manager/html/...}, with the CSRF nonce each page hands to the next request), the
 * text interface ({@code /manager/text/...}) and the JMX proxy ({@code /manager/jmxproxy}), all
 * with HTTP basic authentication.
 */
final class ManagerWebapp {

    static final String USER = "ops";
    static final String PASSWORD = "ops-secret-1";
    private static final String NONCE = "org.apache.catalina.filters.CSRF_NONCE";
    private static final Pattern NONCE_IN_PAGE = Pattern.compile(Pattern.quote(NONCE) + "=([0-9A-Fa-f]+)");
    private static final Pattern SESSION_LINK = Pattern.compile("action=sessionDetail&amp;sessionId=([^&\"]+)&amp;");

    private final URI manager;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private String nonce;

    ManagerWebapp(TomcatDistribution node) {
        this.manager = node.uri("/manager");
    }

    /** The HTML session list of {@code app}. */
    String sessionsPage(String app) {
        return html("GET", Map.of("path", app));
    }

    /** The ids on the HTML session list of {@code app}. */
    Set<String> listedIds(String app) {
        Matcher m = SESSION_LINK.matcher(sessionsPage(app));
        Set<String> ids = new LinkedHashSet<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The HTML page of one session of {@code app}. */
    String sessionPage(String app, String id) {
        return html("POST", Map.of("path", app, "action", "sessionDetail", "sessionId", id, "sessionType", "Primary"));
    }

    /** "Remove attribute" on a session's page. */
    String removeAttribute(String app, String id, String attribute) {
        return html("POST", Map.of("path", app, "action", "removeSessionAttribute", "sessionId", id,
                "attributeName", attribute, "sessionType", "Primary"));
    }

    /** "Invalidate selected sessions" on the session list. */
    String invalidate(String app, String id) {
        return html("POST", Map.of("path", app, "action", "invalidateSessions", "sessionIds", id));
    }

    /** {@code /manager/text/<command>}. */
    String text(String command) {
        return send(HttpRequest.newBuilder(manager.resolve("text/" + command)).GET());
    }

    /** {@code /manager/jmxproxy/?invoke=<bean>&op=<op>&ps=<params>}: the answer, "OK - ..." or "Error - ...". */
    String invoke(String bean, String op, String... params) {
        String query = "invoke=" + encode(bean) + "&op=" + op + (params.length == 0 ? ""
                : "&ps=" + encode(String.join(",", params)));
        return send(HttpRequest.newBuilder(manager.resolve("jmxproxy/?" + query)).GET());
    }

    /** A page of the HTML manager's {@code sessions} command, with the last page's nonce. */
    private String html(String method, Map<String, String> params) {
        if (nonce == null) {
            remember(send(HttpRequest.newBuilder(manager.resolve("html/list")).GET()));
        }
        String query = params.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")) + "&" + NONCE + "=" + nonce;
        HttpRequest.Builder request = method.equals("GET")
                ? HttpRequest.newBuilder(manager.resolve("html/sessions?" + query)).GET()
                : HttpRequest.newBuilder(manager.resolve("html/sessions"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(query));
        return remember(send(request));
    }

    private String remember(String page) {
        Matcher m = NONCE_IN_PAGE.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF nonce on the manager's page:\n" + page);
        }
        nonce = m.group(1);
        return page;
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", authorization)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ":\n"
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("the manager webapp did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
