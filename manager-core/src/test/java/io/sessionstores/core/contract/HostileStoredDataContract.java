package io.sessionstores.core.contract;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.LogCapture;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.it.TraceGadget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.codec.JsonAttributeCodec;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.store.SessionIds;

/**
 * Hostile stored data, end to end: records put straight into a real store (as someone who can
 * write the store but has no HMAC key could), then requested through Tomcat. Whatever the bytes,
 * the gadget never runs, the user gets a fresh session (or, for one forbidden attribute, the
 * session without it), never an error; a WARN names the session by its hash only, and the
 * Manager's {@code corruptFrames} / {@code droppedAttributes} JMX counters record it.
 *
 * <p>Three web applications on the store under test: {@code java} (default codec, CRC32C),
 * {@code signed} (HMAC key) and {@code json} (Jackson codec). A subclass says how the store is
 * configured ({@link #storeXml}) and how to put and get raw bytes ({@link #putRaw},
 * {@link #getRaw}), which is store-specific on purpose: an attacker does not go through the SPI.
 *
 * <p>Runs on the in-memory test store, H2, PostgreSQL, MariaDB, Redis hash and string mode (one
 * server and a Cluster) and cached-JDBC ({@code <Store>HostileStoredDataIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HostileStoredDataContract {

    /** The key of the {@code signed} application. */
    protected static final String KEY = "hostile-test-key-0123456789abcdef";
    /** Every application refuses sessions larger than this when decoded. */
    protected static final int MAX_DECODED = 1 << 20;

    private static final ClassNameFilter FILTER = ClassNameFilter.jdkValueTypesAnd(SessionTestApp.WEBAPP_CLASSES);

    private TomcatNode javaNode;
    private TomcatNode signedNode;
    private TomcatNode signedPeer;
    private TomcatNode jsonNode;
    private LogCapture logs;

    /** The {@code <Store .../>} element for the application {@code app} (its name on the store). */
    protected abstract String storeXml(String app);

    /** Writes {@code frame} as the stored record of {@code id} in {@code app}, bypassing the Manager. */
    protected abstract void putRaw(String app, String id, byte[] frame, long version) throws Exception;

    /** The stored frame of {@code id} in {@code app}, or {@code null}. */
    protected abstract byte[] getRaw(String app, String id) throws Exception;

    /** Removes what the test stored (called once at the end). */
    protected void cleanUp(List<String> apps) throws Exception {
        // nothing by default
    }

    /** The node of the application whose frames are signed. */
    protected TomcatNode signedNode() {
        return signedNode;
    }

    /** A second node of the signed application, on the same store. */
    protected TomcatNode signedPeer() {
        return signedPeer;
    }

    @BeforeAll
    void startNodes() {
        String suffix = getClass().getSimpleName().toLowerCase().replace("hostilestoreddatait", "");
        javaNode = TomcatNode.start("hostile-java-" + suffix, war("hostile-java", null, null));
        WebArchive signed = war("hostile-signed", "hmacKey", KEY);
        signedNode = TomcatNode.start("hostile-signed-" + suffix, signed);
        signedPeer = TomcatNode.start("hostile-signed-peer-" + suffix, signed);
        jsonNode = TomcatNode.start("hostile-json-" + suffix, war("hostile-json", "codec", "json"));
    }

    private WebArchive war(String name, String attribute, String value) {
        String app = "/" + TomcatNode.ENGINE + "/" + TomcatNode.HOST + "/" + name;
        ContextXml xml = ContextXml.sessionStoreManager().allowWebappClasses().manager("maxDecodedSize", MAX_DECODED);
        if (attribute != null) {
            xml.manager(attribute, value);
        }
        return SessionTestApp.war(name, xml.store(storeXml(app)).xml());
    }

    @AfterAll
    void stopNodes() throws Exception {
        for (TomcatNode node : new TomcatNode[] {javaNode, signedNode, signedPeer, jsonNode}) {
            if (node != null) {
                node.close();
            }
        }
        cleanUp(List.of(javaNode.appName(), signedNode.appName(), jsonNode.appName()));
    }

    @BeforeEach
    void captureLogs() {
        TraceGadget.reset();
        logs = LogCapture.of("io.sessionstores");
    }

    @AfterEach
    void stopCapture() {
        logs.close();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    /** The node's Manager counter (two nodes of one application share one JMX name in this JVM). */
    private static long counter(TomcatNode node, String attribute) {
        SessionStoreManager manager = (SessionStoreManager) node.context().getManager();
        return switch (attribute) {
            case "corruptFrames" -> manager.statistics().getCorruptFrames();
            case "droppedAttributes" -> manager.statistics().getDroppedAttributes();
            default -> throw new IllegalArgumentException(attribute);
        };
    }

    /** The same counter over JMX, as jconsole shows it, for a node alone with its application. */
    private static long jmxCounter(TomcatNode node, String attribute) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("*:type=Manager,host=" + TomcatNode.HOST
                + ",context=" + node.context().getPath()), null);
        assertThat(names).as("Manager MBean of %s", node.context().getPath()).hasSize(1);
        return ((Number) server.getAttribute(names.iterator().next(), attribute)).longValue();
    }

    /**
     * Requests {@code id} on {@code node}: there must be no session and no error, a new session
     * must get another id, the counter must have moved by one, and a WARN must name the session by
     * its hash, never by the id.
     */
    protected void refusedAsCorrupt(TomcatNode node, String id, String what) throws JMException {
        long before = counter(node, "corruptFrames");
        SessionClient browser = new SessionClient(node.baseUri());
        browser.sessionId(id);

        SessionClient.Response read = browser.get("session/get");

        assertThat(read.status()).as("reading a session stored as %s: %s", what, read).isEqualTo(404);
        assertThat(counter(node, "corruptFrames") - before).as("corruptFrames after %s", what).isEqualTo(1);
        assertThat(logs.warnings()).as("WARN for %s", what).anyMatch(line -> line.contains(SessionIds.hash(id)))
                .noneMatch(line -> line.contains(id));
        browser.sessionId(null);
        String fresh = browser.get("session/create").id();
        assertThat(fresh).as("new session after %s", what).isNotEqualTo(id).matches("[0-9A-F]{32}");
        assertThat(TraceGadget.ran()).as("gadget ran for %s", what).isFalse();
    }

    /** Stores {@code frame} under a new id of the {@code java} application and checks it is refused. */
    private void storedAndRefused(byte[] frame, String what) throws Exception {
        String id = newId();
        putRaw(javaNode.appName(), id, frame, Frames.RAW_VERSION);
        refusedAsCorrupt(javaNode, id, what);
        assertThat(jmxCounter(javaNode, "corruptFrames")).as("corruptFrames over JMX")
                .isEqualTo(counter(javaNode, "corruptFrames"));
    }

    @Test
    void randomBytesAfterAValidMagicAreACorruptFrame() throws Exception {
        storedAndRefused(Frames.randomAfterMagic(2048, 16), "random bytes");
    }

    @Test
    void truncatedFrameIsACorruptFrame() throws Exception {
        String id = newId();
        byte[] whole = Frames.wellFormed(1, List.of(new EncodedAttribute("user",
                Frames.javaSerialized("alice"))), null, javaNode.appName(), id);
        byte[] cut = Arrays.copyOf(whole, whole.length - 7);
        putRaw(javaNode.appName(), id, cut, Frames.RAW_VERSION);
        refusedAsCorrupt(javaNode, id, "a truncated frame");
    }

    @Test
    void lengthsThatLieAreACorruptFrame() throws Exception {
        storedAndRefused(Frames.lyingLengths(), "lying lengths");
    }

    @Test
    void decompressionBombIsRefusedBeforeItIsInflated() throws Exception {
        storedAndRefused(Frames.decompressionBomb(), "a decompression bomb declared as 10 MB");
        storedAndRefused(Frames.decompressionBombDeclaredSmall(), "a decompression bomb declared as 1,000 bytes");
    }

    @Test
    void frameSignedWithAnotherKeyIsNeverDeserialized() throws Exception {
        String id = newId();
        byte[] otherKey = "not-the-key-of-this-application!".getBytes(StandardCharsets.UTF_8);
        putRaw(signedNode.appName(), id, Frames.wellFormed(1, List.of(new EncodedAttribute("evil",
                Frames.javaSerialized(new TraceGadget()))), otherKey, signedNode.appName(), id),
                Frames.RAW_VERSION);
        TraceGadget.reset();
        refusedAsCorrupt(signedNode, id, "a frame signed with another key");
    }

    @Test
    void signedSessionCopiedToAnotherIdIsRefusedAndTheOriginalStillWorks() throws Exception {
        SessionClient victim = new SessionClient(signedNode.baseUri());
        String victimId = victim.get("session/create").id();
        assertThat(victim.get("session/set?name=user&value=alice").status()).isEqualTo(200);
        byte[] stolen = getRaw(signedNode.appName(), victimId);
        assertThat(stolen).as("stored frame of the victim").isNotNull();

        String attackerId = newId();
        putRaw(signedNode.appName(), attackerId, stolen, FrameReader.readHeader(stolen).version());

        refusedAsCorrupt(signedNode, attackerId, "a signed frame copied to another id");
        assertThat(victim.get("session/get").attribute("user")).as("the victim's session").isEqualTo("alice");
    }

    /** The id is bound into the signature, so the Manager re-signs the record it moves on a login. */
    @Test
    void signedSessionSurvivesChangeSessionIdOnEveryNode() {
        SessionClient browser = new SessionClient(signedNode.baseUri());
        browser.get("session/create");
        browser.get("session/set?name=user&value=alice");
        String before = browser.sessionId();

        String after = browser.get("session/change-id").id();

        assertThat(after).isNotEqualTo(before);
        SessionClient.Response read = browser.get(signedPeer.baseUri(), "session/get");
        assertThat(read.status()).as("session read by the other node after change-id with signing on: %s", read)
                .isEqualTo(200);
        assertThat(read.attribute("user")).isEqualTo("alice");
    }

    @Test
    void javaSerializedGadgetIsDroppedAloneAndNeverRuns() throws Exception {
        String id = newId();
        byte[] gadget = Frames.javaSerialized(new TraceGadget());
        TraceGadget.reset();
        putRaw(javaNode.appName(), id, Frames.wellFormed(1, List.of(
                new EncodedAttribute("user", Frames.javaSerialized("alice")),
                new EncodedAttribute("evil", gadget)), null, javaNode.appName(), id), Frames.RAW_VERSION);
        droppedAloneAndNeverRan(javaNode, id, "a Java-serialized gadget");
    }

    @Test
    void jsonTypeIdOutsideTheAllowlistIsDroppedAloneAndNeverRuns() throws Exception {
        AttributeCodec json = AttributeCodecs.create("json", FILTER);
        String id = newId();
        byte[] gadget = ("{\"@class\":\"" + TraceGadget.class.getName() + "\",\"note\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] generic = ("[\"java.util.ArrayList<" + TraceGadget.class.getName() + ">\",[]]")
                .getBytes(StandardCharsets.UTF_8);
        putRaw(jsonNode.appName(), id, Frames.wellFormed(json.id(), List.of(
                new EncodedAttribute("user", encode(json, "alice")), new EncodedAttribute("evil", gadget),
                new EncodedAttribute("generic", generic)), null, jsonNode.appName(), id), Frames.RAW_VERSION);
        droppedAloneAndNeverRan(jsonNode, id, "a JSON gadget type id");
    }

    private static byte[] encode(AttributeCodec codec, Object value) {
        try {
            return codec.encode(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void droppedAloneAndNeverRan(TomcatNode node, String id, String what) throws JMException {
        long before = counter(node, "droppedAttributes");
        SessionClient browser = new SessionClient(node.baseUri());
        browser.sessionId(id);

        SessionClient.Response read = browser.get("session/get");

        assertThat(TraceGadget.ran()).as("gadget code ran for %s", what).isFalse();
        assertThat(read.status()).as("session holding %s: %s", what, read).isEqualTo(200);
        assertThat(read.json().path("attributes").fieldNames()).toIterable().as("attributes left")
                .containsExactly("user");
        assertThat(counter(node, "droppedAttributes") - before).as("droppedAttributes after %s", what)
                .isPositive();
        assertThat(jmxCounter(node, "droppedAttributes")).as("droppedAttributes over JMX")
                .isEqualTo(counter(node, "droppedAttributes"));
        assertThat(logs.warnings()).as("WARN for %s", what).anyMatch(line -> line.contains("dropped"))
                .noneMatch(line -> line.contains(id));
    }

    @Test
    void namesFromTheStoreCannotForgeLogLinesAndABadRecordDoesNotFloodTheLog() throws Exception {
        String forgedName = "cart\r\nSEVERE: forged line\u2028more";
        byte[] gadget = ("{\"@class\":\"" + TraceGadget.class.getName() + "\"}").getBytes(StandardCharsets.UTF_8);
        String id = newId();
        putRaw(jsonNode.appName(), id, Frames.wellFormed(JsonAttributeCodec.ID, List.of(new EncodedAttribute(forgedName,
                gadget)), null, jsonNode.appName(), id), Frames.RAW_VERSION);
        String corruptId = newId();
        putRaw(jsonNode.appName(), corruptId, Frames.lyingLengths(), Frames.RAW_VERSION);
        long corruptBefore = counter(jsonNode, "corruptFrames");
        logs.clear();

        SessionClient browser = new SessionClient(jsonNode.baseUri());
        browser.sessionId(id);
        browser.get("session/get");
        int requests = 40;
        for (int i = 0; i < requests; i++) {
            SessionClient attacker = new SessionClient(jsonNode.baseUri());
            attacker.sessionId(corruptId);
            assertThat(attacker.get("session/get").status()).isEqualTo(404);
        }

        assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains("\r") || line.contains("\n")
                || line.contains("\u2028"));
        assertThat(logs.warnings()).as("the forbidden attribute's WARN")
                .anyMatch(line -> line.contains("cart\\u000d\\u000aSEVERE: forged line\\u2028more"));
        long corruptWarnings = logs.warnings().stream().filter(line -> line.contains(SessionIds.hash(corruptId)))
                .count();
        assertThat(counter(jsonNode, "corruptFrames") - corruptBefore).as("every bad read is counted")
                .isEqualTo(requests);
        assertThat(corruptWarnings).as("WARN lines for %d reads of one corrupt record", requests).isBetween(1L, 10L);
        assertThat(TraceGadget.ran()).isFalse();
    }
}
