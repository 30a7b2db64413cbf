package io.sessionstores.core.deploycheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes a new version of a web application would deserialize its sessions with: its
 * {@code WEB-INF/classes} and {@code WEB-INF/lib/*.jar}, in a class loader whose parent is the
 * tool's own (Tomcat's and the drop-in jar's classes), looking in the application first except for
 * the JDK's, the servlet API's and Tomcat's packages, as Tomcat's webapp class loader does by
 * default ({@code delegate="false"}); with {@code delegate} the parent is asked first, as with
 * {@code <Loader delegate="true"/>}.
 *
 * <p>What may be given: a {@code .war} file (its {@code WEB-INF/classes} and
 * {@code WEB-INF/lib/*.jar} are extracted to a temporary directory, removed by {@link #close});
 * an exploded application (a directory holding {@code WEB-INF}); its {@code WEB-INF} directory;
 * or a directory of classes (package directories of {@code .class} files).
 */
final class WarClasses implements AutoCloseable {

    /** Packages the application never overrides (Tomcat's webapp loader asks its parent first for them). */
    private static final List<String> PARENT_FIRST = List.of("java.", "javax.", "jakarta.", "org.apache.catalina.",
            "org.apache.tomcat.", "org.apache.juli.", "org.apache.coyote.", "org.apache.el.", "org.apache.jasper.",
            "org.apache.naming.");

    private final ApplicationLoader loader;
    private final Path extracted;

    private WarClasses(List<URL> urls, ClassLoader parent, boolean delegate, Path extracted) {
        this.loader = new ApplicationLoader(urls.toArray(URL[]::new), parent, delegate);
        this.extracted = extracted;
    }

    /** What was given is no web application (the message says why). */
    static final class NotAWar extends IOException {
        private static final long serialVersionUID = 1L;

        NotAWar(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The classes of {@code war}.
     *
     * @throws NotAWar when it is neither a readable WAR nor a directory, or a WAR cannot be
     *                 extracted; the message says which
     */
    static WarClasses open(Path war, ClassLoader parent, boolean delegate) throws NotAWar {
        try {
            return openOrFail(war, parent, delegate);
        } catch (IOException | RuntimeException e) {
            throw e instanceof NotAWar notAWar ? notAWar : new NotAWar(e.getMessage(), e);
        }
    }

    private static WarClasses openOrFail(Path war, ClassLoader parent, boolean delegate) throws IOException {
        if (Files.isDirectory(war)) {
            Path webInf = Files.isDirectory(war.resolve("WEB-INF")) ? war.resolve("WEB-INF")
                    : "WEB-INF".equals(String.valueOf(war.getFileName())) ? war : null;
            return new WarClasses(webInf == null ? List.of(url(war)) : webInfUrls(webInf), parent, delegate, null);
        }
        if (!Files.isRegularFile(war) || !Files.isReadable(war)) {
            throw new IOException("no such WAR file or directory: " + war);
        }
        Path dir = Files.createTempDirectory("deploy-check-");
        try {
            if (extract(war, dir) == 0) {
                throw new NotAWar(war + " holds no WEB-INF/classes/ and no WEB-INF/lib/*.jar: not a web application", null);
            }
            return new WarClasses(webInfUrls(dir.resolve("WEB-INF")), parent, delegate, dir);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The loader to deserialize with. */
    ClassLoader loader() {
        return loader;
    }

    /** How many class path entries the application has (classes directory and jars). */
    int entries() {
        return loader.getURLs().length;
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing was written through it
        }
        if (extracted != null) {
            delete(extracted);
        }
    }

    private static List<URL> webInfUrls(Path webInf) throws IOException {
        List<URL> urls = new ArrayList<>();
        if (Files.isDirectory(webInf.resolve("classes"))) {
            urls.add(url(webInf.resolve("classes")));
        }
        Path lib = webInf.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(url(jar));
                }
            }
        }
        return urls;
    }

    /** Extracts {@code WEB-INF/classes/**} and {@code WEB-INF/lib/*.jar}; returns how many files. */
    private static int extract(Path war, Path dir) throws IOException {
        int files = 0;
        try (InputStream in = Files.newInputStream(war); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                boolean wanted = name.startsWith("WEB-INF/classes/")
                        || name.startsWith("WEB-INF/lib/") && name.endsWith(".jar") && name.indexOf('/', 12) < 0;
                if (entry.isDirectory() || !wanted) {
                    continue;
                }
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException(war + ": entry " + name + " points outside the application");
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                files++;
            }
        }
        return files;
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException("cannot use " + path + ": " + e.getMessage(), e));
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** Application first, except {@link #PARENT_FIRST}; parent first with {@code delegate}. */
    private static final class ApplicationLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final boolean delegate;

        ApplicationLoader(URL[] urls, ClassLoader parent, boolean delegate) {
            super("deploy-check application", urls, parent);
            this.delegate = delegate;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (delegate || PARENT_FIRST.stream().anyMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    try {
                        type = findClass(name);
                    } catch (ClassNotFoundException e) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }
}
