package io.sessionstores.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates the sessions a load run reuses: {@code count} requests without a cookie to the given
 * URL (the benchmark's {@code /write}, so each session holds its 1 KB attribute), and writes one
 * {@code JSESSIONID=...} cookie per line to the output file, which the wrk script rotates.
 * Usage: {@code SessionCookies <url> <count> <file>}.
 */
public final class SessionCookies {

    private static final int THREADS = 8;

    private SessionCookies() {
    }

    /**
     * Entry point.
     *
     * @param args the URL, the number of sessions and the output file
     * @throws Exception when a request fails or answers without a session cookie
     */
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> cookies = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                cookies.add(pool.submit(() -> create(client, uri)));
            }
            List<String> lines = new ArrayList<>(count);
            for (Future<String> cookie : cookies) {
                lines.add(cookie.get());
            }
            Files.write(Path.of(args[2]), lines);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String create(HttpClient client, URI uri) throws IOException, InterruptedException {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("JSESSIONID="))
                .map(header -> header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')))
                .findFirst().orElseThrow(() -> new IOException(uri + " set no session cookie"));
    }
}
