package io.sessionstores.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Where the tests' {@code redis-server} comes from, decided once per JVM: the one on the
 * {@code PATH} when there is one (the machine's, as CI has), else the binary that the
 * {@code org.signal:embedded-redis} jar carries (Redis 7.0.15 for Linux and macOS), extracted
 * into the temporary directory. Every test that starts a server of its own (Cluster, Sentinel,
 * replicas, faults) and the shared embedded Redis of {@link TestServices} take it from here.
 */
public final class RedisBinary {

    private static final String EMBEDDED_VERSION = "7.0.15";
    private static Path path;

    private RedisBinary() {
    }

    /** The {@code redis-server} executable to run. */
    public static synchronized Path path() {
        if (path == null) {
            Path onPath = onPath();
            if (onPath != null) {
                path = onPath;
                TestServices.report("redis-server from the PATH: " + path);
            } else {
                path = extract();
                TestServices.report("no redis-server on the PATH: using the embedded-redis jar's " + EMBEDDED_VERSION
                        + ", " + path);
            }
        }
        return path;
    }

    /** {@link #path()} as a command's first word. */
    public static String command() {
        return path().toString();
    }

    private static Path onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Paths.get(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static Path extract() {
        String resource = "redis-server-" + EMBEDDED_VERSION + "-" + platform();
        Path target = Paths.get(System.getProperty("java.io.tmpdir"), "sessionstores-" + resource, "redis-server");
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and no " + resource
                        + " in the embedded-redis jar: install Redis (redis-server) for this platform");
            }
            if (Files.isExecutable(target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            // another test JVM may extract at the same moment: each writes its own file, then moves it in place
            Path partial = Files.createTempFile(target.getParent(), "redis-server", ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (!partial.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + partial + " executable");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + target, e);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
        return osName + "-" + archName;
    }
}
