package io.sessionstores.core.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A browser in miniature for in-container tests: it keeps one {@code JSESSIONID} and sends it to
 * whichever node (base URL) a request targets, the way a non-sticky load balancer would. The
 * cookie is handled by hand (not a {@code CookieManager}), so the same session can be sent to
 * different ports and a test can plant any value, e.g. a malformed id.
 *
 * <pre>{@code
 * SessionClient client = new SessionClient(URI.create("http://127.0.0.1:" + port + "/app/"));
 * Response created = client.get("session/create");
 * Response read = client.get(otherNodeBase, "session/get"); // same session, other node
 * }</pre>
 * Redirects are not followed; {@link #follow(Response)} does it on demand.
 */
public final class SessionClient {

    /** The session cookie name (Tomcat's default). */
    public static final String COOKIE = "JSESSIONID";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * One HTTP client for every SessionClient: each has its own cookies (handled by hand below),
     * and a test that makes thousands of clients must not open thousands of selectors and pools.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
    private final URI base;
    private volatile String sessionId;
    /** The other cookies the server set (the version cookie), sent back as a browser would. */
    private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

    /** A client whose relative paths resolve against {@code base} (end it with a slash). */
    public SessionClient(URI base) {
        this.base = base;
    }

    /** A client for {@code http://127.0.0.1:<port>/<contextName>/}. */
    public static SessionClient forNode(int port, String contextName) {
        return new SessionClient(baseUri(port, contextName));
    }

    /** {@code http://127.0.0.1:<port>/<contextName>/}. */
    public static URI baseUri(int port, String contextName) {
        return URI.create("http://127.0.0.1:" + port + "/" + contextName + "/");
    }

    /** The session id this client sends, or {@code null} when it has none. */
    public String sessionId() {
        return sessionId;
    }

    /** The value of cookie {@code name} (other than the session cookie) this client sends, or {@code null}. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Sends cookie {@code name} with {@code value} from now on ({@code null}: not at all). */
    public void cookie(String name, String value) {
        if (value == null) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    /**
     * Forgets every cookie, as a new browser (a loop of thousands of "new browsers" reuses one
     * client: each holds an HTTP client whose sockets and selector go only when collected).
     */
    public void forgetCookies() {
        sessionId = null;
        cookies.clear();
    }

    /** Sends {@code id} as the session cookie from now on ({@code null}: no cookie). */
    public void sessionId(String id) {
        this.sessionId = id;
    }

    /** GET {@code path} (relative to the default base). */
    public Response get(String path) {
        return get(base, path);
    }

    /** GET {@code path} relative to {@code node} (another node's base URL), same cookie. */
    public Response get(URI node, String path) {
        return send(request(node.resolve(path)).GET());
    }

    /** DELETE {@code path} relative to the default base. */
    public Response delete(String path) {
        return send(request(base.resolve(path)).DELETE());
    }

    /** POST {@code form} (URL-encoded) to {@code path} relative to {@code node}. */
    public Response post(URI node, String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(node.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** GET the {@code Location} of a redirect response, resolved against its request URI. */
    public Response follow(Response redirect) {
        String location = redirect.header("Location")
                .orElseThrow(() -> new AssertionError("not a redirect: " + redirect));
        return send(request(redirect.uri().resolve(location)).GET());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        List<String> sent = new java.util.ArrayList<>();
        String id = sessionId;
        if (id != null) {
            sent.add(COOKIE + "=" + id);
        }
        cookies.forEach((name, value) -> sent.add(name + "=" + value));
        if (!sent.isEmpty()) {
            builder.header("Cookie", String.join("; ", sent));
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Response answer = new Response(request.uri(), response.statusCode(), response.body(),
                    response.headers().map());
            answer.sessionCookie().ifPresent(this::sessionId);
            keepOtherCookies(answer);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.uri(), e);
        }
    }

    /** Keeps (or, with {@code Max-Age=0}, drops) every cookie but the session cookie, by name, as a browser would. */
    private void keepOtherCookies(Response answer) {
        answer.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .filter(c -> !c.startsWith(COOKIE + "="))
                .forEach(c -> {
                    String[] parts = c.split(";");
                    String[] pair = parts[0].split("=", 2);
                    boolean expired = java.util.Arrays.stream(parts).map(String::trim)
                            .anyMatch(p -> p.equalsIgnoreCase("Max-Age=0"));
                    if (expired || pair.length < 2 || pair[1].isEmpty()) {
                        cookies.remove(pair[0].trim());
                    } else {
                        cookies.put(pair[0].trim(), pair[1]);
                    }
                });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One HTTP answer. */
    public record Response(URI uri, int status, String body, Map<String, List<String>> headers) {

        /** The first value of header {@code name} (case-insensitive). */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst();
        }

        /** The {@code JSESSIONID} value this response set, if it set one. */
        public Optional<String> sessionCookie() {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(e -> e.getValue().stream())
                    .filter(c -> c.startsWith(COOKIE + "="))
                    .map(c -> c.substring(COOKIE.length() + 1).split(";", 2)[0])
                    .findFirst();
        }

        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + " from " + uri + "): " + body, e);
            }
        }

        /** The session attribute {@code name} as the webapp rendered it, or {@code null}. */
        public String attribute(String name) {
            JsonNode value = json().path("attributes").get(name);
            return value == null ? null : value.asText();
        }

        /** The {@code id} the webapp reported, or {@code null}. */
        public String id() {
            JsonNode id = json().get("id");
            return id == null || id.isNull() ? null : id.asText();
        }

        @Override
        public String toString() {
            return status + " from " + uri + ": " + body;
        }
    }
}
