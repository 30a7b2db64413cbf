package io.sessionstores.core.deploycheck;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.codec.JavaAttributeCodec;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.EncodedFrame;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * Two versions of an application's session attribute classes, compiled here with
 * {@code javax.tools}: today's ({@link #oldClasses}, a classes directory) and tomorrow's
 * ({@link #newWar}, a WAR with {@code WEB-INF/classes} and one class in a {@code WEB-INF/lib} jar),
 * in which {@code Cart} changed its {@code serialVersionUID} and {@code Coupon} is gone;
 * {@code com.example.legacy.Token} is unchanged but outside the narrower allowlist
 * {@link #NEW_ALLOWLIST}. And six sessions written with today's classes, whose drops the tests
 * know by construction: cart (serialVersionUID) in 3, token (not allowed) in 2, coupon (missing) in 1.
 */
public final class DeployFixture {

    /** The allowlist of today's version: every class of the application. */
    public static final String OLD_ALLOWLIST = "com\\.example\\..*";
    /** The allowlist of the new version: the legacy package left out. */
    public static final String NEW_ALLOWLIST = "com\\.example\\.shop\\..*";
    /** Sessions {@link #sessions} writes. */
    public static final int SESSIONS = 6;
    /** Attributes the six sessions hold in all. */
    public static final int ATTRIBUTES = 14;
    /** Sessions of the six that the new version would not read whole. */
    public static final int LOSING = 5;

    private static final String CART = "package com.example.shop;\npublic class Cart implements java.io.Serializable {\n"
            + "    private static final long serialVersionUID = %dL;\n"
            + "    public java.util.List<String> items = new java.util.ArrayList<>(java.util.List.of(\"book\"));\n}\n";
    private static final String PROFILE = "package com.example.shop;\npublic class Profile implements java.io.Serializable {\n"
            + "    private static final long serialVersionUID = 7L;\n    public String name = \"alice\";\n}\n";
    private static final String COUPON = "package com.example.shop;\npublic class Coupon implements java.io.Serializable {\n"
            + "    private static final long serialVersionUID = 1L;\n    public int percent = 10;\n}\n";
    private static final String TOKEN = "package com.example.legacy;\npublic class Token implements java.io.Serializable {\n"
            + "    private static final long serialVersionUID = 1L;\n    public String value = \"t\";\n}\n";

    private final Path oldClasses;
    private final Path newWar;

    private DeployFixture(Path oldClasses, Path newWar) {
        this.oldClasses = oldClasses;
        this.newWar = newWar;
    }

    private static DeployFixture shared;

    /**
     * One fixture per test JVM (compiling costs seconds), in a temporary directory removed when
     * the JVM ends.
     */
    public static synchronized DeployFixture shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("deploy-fixture-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }));
            shared = build(dir);
        }
        return shared;
    }

    /** Compiles both versions under {@code dir} and builds the new WAR. */
    public static DeployFixture build(Path dir) throws IOException {
        Path old = compile(dir.resolve("old"), Map.of("com/example/shop/Cart", CART.formatted(1),
                "com/example/shop/Profile", PROFILE, "com/example/shop/Coupon", COUPON, "com/example/legacy/Token", TOKEN));
        // only Cart changes: Profile and Token go into the WAR as today's class files
        Path fresh = compile(dir.resolve("new"), Map.of("com/example/shop/Cart", CART.formatted(2)));
        Path war = dir.resolve("shop-2.war");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war))) {
            add(out, "WEB-INF/classes/com/example/shop/Cart.class", Files.readAllBytes(
                    fresh.resolve("com/example/shop/Cart.class")));
            add(out, "WEB-INF/classes/com/example/legacy/Token.class", Files.readAllBytes(
                    old.resolve("com/example/legacy/Token.class")));
            add(out, "WEB-INF/lib/profile.jar", jar(Map.of("com/example/shop/Profile.class",
                    Files.readAllBytes(old.resolve("com/example/shop/Profile.class")))));
            add(out, "index.html", "<p>shop</p>".getBytes());
        }
        return new DeployFixture(old, war);
    }

    /** Today's classes, as a classes directory. */
    public Path oldClasses() {
        return oldClasses;
    }

    /** The new version's WAR. */
    public Path newWar() {
        return newWar;
    }

    /**
     * The six sessions, written with today's classes, for {@code app}, live for an hour; ids from
     * {@code idPrefix} (hex) and 1..6.
     */
    public List<SessionRecord> sessions(String app, String idPrefix) throws Exception {
        long now = System.currentTimeMillis();
        try (URLClassLoader today = new URLClassLoader(new URL[] {oldClasses.toUri().toURL()},
                DeployFixture.class.getClassLoader())) {
            Object cart = create(today, "com.example.shop.Cart");
            Object profile = create(today, "com.example.shop.Profile");
            Object coupon = create(today, "com.example.shop.Coupon");
            Object token = create(today, "com.example.legacy.Token");
            List<Map<String, Object>> attributes = List.of(
                    attributes("user", "u1", "profile", profile, "cart", cart),
                    attributes("user", "u2", "cart", cart, "token", token),
                    attributes("user", "u3", "cart", cart),
                    attributes("user", "u4", "coupon", coupon),
                    attributes("user", "u5", "token", token),
                    attributes("user", "u6", "profile", profile));
            List<SessionRecord> records = new ArrayList<>();
            for (int i = 0; i < attributes.size(); i++) {
                String id = idPrefix + String.format("%0" + (32 - idPrefix.length()) + "X", i + 1);
                records.add(record(app, id, now, attributes.get(i)));
            }
            return records;
        }
    }

    /** A record of {@code app} holding {@code values} encoded by the Java codec (every class allowed). */
    public static SessionRecord record(String app, String id, long now, Map<String, Object> values) throws IOException {
        JavaAttributeCodec codec = new JavaAttributeCodec(ClassNameFilter.of(".*"));
        List<EncodedAttribute> encoded = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            encoded.add(new EncodedAttribute(e.getKey(), codec.encode(e.getValue())));
        }
        return record(app, id, now, encoded);
    }

    /** A record of {@code app} holding {@code encoded} as they are. */
    public static SessionRecord record(String app, String id, long now, List<EncodedAttribute> encoded) {
        return record(app, id, now, encoded, FrameOptions.defaults());
    }

    /** A record of {@code app} holding {@code encoded} as they are, its frame written with {@code options}. */
    public static SessionRecord record(String app, String id, long now, List<EncodedAttribute> encoded,
                                       FrameOptions options) {
        long expiresAt = now + 3_600_000;
        FrameHeader header = new FrameHeader(JavaAttributeCodec.ID, expiresAt, now, 1, now - 1_000, 3600);
        EncodedFrame frame = new FrameWriter(options).write(
                new SessionFrame(header, false, null, null, encoded), new FrameBinding(app, id, 1));
        return new SessionRecord(id, frame.bytes(), 1, expiresAt, now, 3600, frame.rawBytes());
    }

    /** What {@code store} holds under {@code ids}, every field and the frame's bytes, as text to compare. */
    public static Map<String, String> stored(SessionStore store, List<String> ids) throws StoreException {
        Map<String, String> found = new TreeMap<>();
        for (ScannedRecord s : store.lookup(ids)) {
            SessionRecord r = s.record();
            found.put(r.id(), r.version() + " " + r.expiresAt() + " " + r.lastAccess() + " " + r.maxInactive() + " "
                    + r.rawBytes() + " " + HexFormat.of().formatHex(r.frame()));
        }
        return found;
    }

    private static Map<String, Object> attributes(Object... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static Object create(ClassLoader loader, String name) throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName(name, true, loader).getConstructor();
        return constructor.newInstance();
    }

    private static Path compile(Path dir, Map<String, String> sources) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-nowarn"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the fixture's classes did not compile");
        }
        return classes;
    }

    private static byte[] jar(Map<String, byte[]> entries) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                add(out, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        ((OutputStream) out).write(bytes);
        out.closeEntry();
    }
}
