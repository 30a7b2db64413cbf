package io.sessionstores.samples.boot;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser whose session cookie the test controls: it goes to whichever node the test names
 * (as a round-robin load balancer would send it), follows no redirect, and keeps the
 * {@code JSESSIONID} the last response set, and the other cookies (the session-stores version
 * cookie, {@code JSESSIONID_VERSION}) as a browser does.
 */
final class Browser {

    private static final Pattern SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;]*)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern USER = Pattern.compile("<span id=\"user\">([^<]*)</span>");
    private static final Pattern COUNTER = Pattern.compile("<span id=\"counter\">(\\d+)</span>");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    String sessionId;
    private final java.util.Map<String, String> otherCookies = new java.util.concurrent.ConcurrentHashMap<>();

    /** A response: status, redirect target, body. */
    record Page(int status, String location, String body) {
        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF token in the page (status " + status + "):\n" + body);
            }
            return m.group(1);
        }

        String user() {
            Matcher m = USER.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        int counter() {
            Matcher m = COUNTER.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no counter in the page (status " + status + ", location " + location + "):\n" + body);
            }
            return Integer.parseInt(m.group(1));
        }

        boolean sentToLogin() {
            return status == 302 && location != null && location.contains("/login");
        }
    }

    Page get(SampleNode node, String path) throws Exception {
        return send(node, HttpRequest.newBuilder(URI.create(node.url(path))).GET());
    }

    Page post(SampleNode node, String path, String... nameValues) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return send(node, HttpRequest.newBuilder(URI.create(node.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private Page send(SampleNode node, HttpRequest.Builder request) throws Exception {
        java.util.List<String> cookies = new java.util.ArrayList<>();
        if (sessionId != null) {
            cookies.add("JSESSIONID=" + sessionId);
        }
        otherCookies.forEach((name, value) -> cookies.add(name + "=" + value));
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies));
        }
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String cookie : r.headers().allValues("Set-Cookie")) {
            Matcher m = SESSION_COOKIE.matcher(cookie);
            if (cookie.startsWith("JSESSIONID=") && m.find()) {
                sessionId = m.group(1).isEmpty() ? null : m.group(1);
            } else {
                String[] pair = cookie.split(";", 2)[0].split("=", 2);
                boolean expired = cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (expired || pair.length < 2 || pair[1].isEmpty()) {
                    otherCookies.remove(pair[0].trim());
                } else {
                    otherCookies.put(pair[0].trim(), pair[1]);
                }
            }
        }
        return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
    }
}
