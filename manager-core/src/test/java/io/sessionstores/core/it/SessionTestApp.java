package io.sessionstores.core.it;

import io.sessionstores.core.it.webapp.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The test web application every in-container test deploys: the servlets and listeners of
 * {@code io.sessionstores.core.it.webapp} plus a {@code META-INF/context.xml} of the caller's
 * choosing (that is where the Manager under test is configured).
 *
 * <p>Endpoints, relative to the context path (JSON answers):
 * <ul>
 *   <li>{@code /session/<op>}: create, get, set, remove, increment, append (in-place mutation),
 *       listener, invalidate, change-id, max-inactive (see
 *       {@link io.sessionstores.core.it.webapp.SessionServlet});</li>
 *   <li>{@code POST /post-redirect}: sets an attribute, 303 to {@code /session/get};</li>
 *   <li>{@code /events}: this node's session events (GET), cleared by DELETE (see
 *       {@link EventLog} for their wording);</li>
 *   <li>{@code /info}: the Tomcat version serving the request.</li>
 * </ul>
 * The webapp classes are packed into {@code WEB-INF/classes}, so attribute values such as
 * {@link io.sessionstores.core.it.webapp.ListenerValue} are loaded by the web application's class
 * loader, as an application's own classes are; the event log is therefore per deployment (per
 * node) and read over HTTP.
 *
 * <p>Use from an Arquillian test:
 * <pre>{@code
 * @Deployment(testable = false)
 * static WebArchive app() {
 *     return SessionTestApp.war(SessionTestApp.STANDARD_MANAGER);
 * }
 * }</pre>
 * or deploy it on a {@link TomcatNode}. Other modules get this class from manager-core's
 * test-jar.
 */
public final class SessionTestApp {

    /** The default archive name; the webapp is served under {@code /app}. */
    public static final String NAME = "app";

    /**
     * Tomcat's name for this webapp (the store's application name) when Arquillian deploys it:
     * arquillian.xml names the engine {@code Catalina} and the adapter names the host after the
     * bind address. A {@link TomcatNode} uses {@code /Catalina/localhost/app}
     * ({@link TomcatNode#appName()}), so an Arquillian deployment and TomcatNodes never share
     * sessions by accident.
     */
    public static final String ARQUILLIAN_APP_NAME = "/Catalina/127.0.0.1/" + NAME;

    /** A context.xml with Tomcat's own StandardManager, not persisting across restarts. */
    public static final String STANDARD_MANAGER = ContextXml.standardManager().xml();

    private SessionTestApp() {
    }

    /** The webapp named {@link #NAME} with the given {@code META-INF/context.xml} content. */
    public static WebArchive war(String contextXml) {
        return war(NAME, contextXml);
    }

    /** The webapp as {@code <name>.war} (served under {@code /<name>}) with the given context.xml. */
    public static WebArchive war(String name, String contextXml) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addPackage(EventLog.class.getPackage())
                .addAsManifestResource(new StringAsset(contextXml), "context.xml");
    }

    /** The webapp named {@link #NAME} with the context.xml read from a file. */
    public static WebArchive war(Path contextXml) {
        try {
            return war(Files.readString(contextXml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read context.xml " + contextXml, e);
        }
    }

    /**
     * The webapp's own attribute classes as a regular expression, for the Manager's
     * {@code allowedClassNames} (without it, a {@code ListenerValue} attribute is refused on load).
     */
    public static final String WEBAPP_CLASSES = "io\\.sessionstores\\.core\\.it\\.webapp\\..*";

    /**
     * A context.xml with the project's Manager (allowing {@link #WEBAPP_CLASSES}) and the in-memory
     * test store named {@code storeName} (every Manager configured with the same name shares its
     * records), and the {@link TestRealm} so that {@code session/login} works.
     */
    public static String inMemoryStoreContextXml(String storeName) {
        return inMemoryStore(storeName).allowWebappClasses().xml();
    }

    /**
     * As {@link #inMemoryStoreContextXml(String)}, with the Manager's attributes written out by
     * the caller (e.g. {@code sticky="true" codec="json"}; name {@code allowedClassNames} too if the
     * webapp's classes must be allowed).
     */
    public static String inMemoryStoreContextXml(String storeName, String managerAttributes) {
        return inMemoryStore(storeName).managerAttributes(managerAttributes).xml();
    }

    /**
     * The project's Manager on the in-memory test store named {@code storeName}, with the
     * {@link TestRealm}; the caller adds the Manager's attributes (name {@code allowedClassNames}
     * too, {@link ContextXml#allowWebappClasses()}, if the webapp's classes must be allowed).
     */
    public static ContextXml inMemoryStore(String storeName) {
        return ContextXml.sessionStoreManager().testRealm().inMemoryStore(storeName);
    }

    /** Writes the archive as {@code dir/<archive name>} and returns that path. */
    public static Path exportTo(WebArchive war, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path file = dir.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
