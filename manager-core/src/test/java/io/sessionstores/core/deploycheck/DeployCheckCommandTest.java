package io.sessionstores.core.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectStreamClass;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstores.core.analysis.MemoryStoreFactory;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreFactory;

/**
 * What the deploy check reports beyond the store contract ({@code DeployCheckContract}), on the
 * in-memory store: the JSON form, hostile attribute names escaped, bytes that do not decode,
 * unreadable frames, expired records skipped, a sample smaller than the store, the WAR's
 * extraction removed, a WAR that is not one, the WAR's classes before its parent's, signed frames,
 * and a store that does not answer.
 */
class DeployCheckCommandTest {

    private static final String APP = "/Catalina/localhost/deploy-check-unit";
    private static final String STORE = "deploy-check-unit";
    private static final String HOSTILE = "cart\u001b[2J\nFORGED LINE\u202e";

    @TempDir
    static Path dir;

    private static DeployFixture fixture;

    @BeforeAll
    static void seed() throws Exception {
        fixture = DeployFixture.shared();
        Map<String, SessionRecord> records = InMemorySessionStore.records(STORE, APP);
        records.clear();
        for (SessionRecord r : fixture.sessions(APP, "DA")) {
            records.put(r.id(), r);
        }
        long now = System.currentTimeMillis();
        SessionRecord cart = records.get("DA" + "0".repeat(29) + "3");
        // the same Cart bytes under a hostile name, bytes that are no value, a frame that fails its check, an expired record
        byte[] cartBytes = frameAttribute(cart, "cart");
        records.put("DB01", DeployFixture.record(APP, "DB01", now, List.of(new EncodedAttribute(HOSTILE, cartBytes),
                new EncodedAttribute("junk", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 9}))));
        SessionRecord broken = DeployFixture.record(APP, "DB02", now, List.of(new EncodedAttribute("x", new byte[3])));
        byte[] frame = broken.frame().clone();
        frame[frame.length - 1] ^= 1;
        records.put("DB02", new SessionRecord("DB02", frame, 1, broken.expiresAt(), now, 3600, broken.rawBytes()));
        records.put("DB03", DeployFixture.record(APP, "DB03", now - 7_200_000, List.of()));
    }

    private static byte[] frameAttribute(SessionRecord record, String name) throws Exception {
        return new io.sessionstores.core.frame.FrameReader(io.sessionstores.core.frame.FrameOptions.defaults())
                .read(record.frame(), new io.sessionstores.core.frame.FrameBinding(APP, record.id(), record.version()))
                .attributes().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().value();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... options) {
        return run(STORE, name -> null, options);
    }

    private static Run run(String store, UnaryOperator<String> env, String... options) {
        return run(MemoryStoreFactory.MEMORY, store, env, options);
    }

    private static Run run(StoreFactory backend, String store, UnaryOperator<String> env, String... options) {
        List<String> args = new ArrayList<>(List.of("deploy-check", "--app", APP, "--memory", store));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new DeployCheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(backend), env)
                .run(args.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theJsonReportCountsEveryDropUnreadableFrameAndExpiredRecord() throws Exception {
        long extractionsBefore = extractions();
        Run run = run("--war", fixture.newWar().toString(), "--allowed-class-names", DeployFixture.NEW_ALLOWLIST,
                "--format", "json", "--sample", "all");

        assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isEqualTo(DeployCheckCommand.NOT_SAFE);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("safe").asBoolean()).isFalse();
        assertThat(json.get("sampleLimit").asText()).isEqualTo("all");
        assertThat(json.get("checked").asLong()).as("six sessions, the hostile one, the broken one")
                .isEqualTo(DeployFixture.SESSIONS + 2);
        assertThat(json.get("expired").asLong()).isEqualTo(1);
        assertThat(json.get("sessionsLosingAttributes").asLong()).isEqualTo(DeployFixture.LOSING + 1);
        assertThat(json.get("unreadableSessions").asLong()).isEqualTo(1);
        assertThat(json.get("unreadable").get("bad check").asLong()).isEqualTo(1);
        assertThat(json.get("attributesChecked").asLong()).isEqualTo(DeployFixture.ATTRIBUTES + 2);
        List<String> rows = new ArrayList<>();
        json.get("drops").forEach(d -> rows.add(d.get("sessions").asLong() + " " + d.get("reason").asText() + " "
                + d.get("attribute").asText() + " " + d.get("className").asText()));
        assertThat(rows).containsExactly("3 SERIAL_VERSION_CHANGED cart com.example.shop.Cart",
                "2 NOT_ALLOWED token com.example.legacy.Token", "1 SERIAL_VERSION_CHANGED " + HOSTILE
                        + " com.example.shop.Cart", "1 CLASS_MISSING coupon com.example.shop.Coupon",
                "1 DECODE_FAILED junk ");
        assertThat(run.out()).as("control and bidi characters escaped in the file").doesNotContain("\u001b", "\u202e")
                .containsIgnoringCase("\\u001b[2J\\nFORGED LINE\\u202e");
        assertThat(extractions()).as("the extracted WAR removed").isEqualTo(extractionsBefore);
    }

    @Test
    void theTextReportEscapesNamesFromTheStore() {
        Run run = run("--war", fixture.newWar().toString(), "--allowed-class-names", DeployFixture.NEW_ALLOWLIST);

        assertThat(run.exit()).isEqualTo(DeployCheckCommand.NOT_SAFE);
        assertThat(run.out()).doesNotContain("\u001b", "\u202e", "\nFORGED")
                .contains("cart\\u001b[2J\\u000aFORGED LINE\\u202e  com.example.shop.Cart")
                .containsPattern("\n +1  other decode failure +junk  -\n")
                .contains("Unreadable sessions by reason:\n    bad check: 1\n");
    }

    @Test
    void aSampleStopsAtItsSize() {
        Run run = run("--war", fixture.oldClasses().toString(), "--allowed-class-names", DeployFixture.OLD_ALLOWLIST,
                "--sample", "2", "--batch-size", "1");

        assertThat(run.out()).contains("Checked 2 sessions (the first 2 live sessions in store order)");
    }

    @Test
    void aWarThatIsNoWebApplicationIsRefusedWith2() throws IOException {
        Path notAWar = dir.resolve("notes.war");
        Files.writeString(notAWar, "not a zip");

        Run run = run("--war", notAWar.toString());

        assertThat(run.exit()).isEqualTo(DeployCheckCommand.BAD_ARGUMENTS);
        assertThat(run.err()).contains("Invalid value '" + notAWar + "' for option '--war'")
                .contains("allowed are a .war file").contains("not a web application");
    }

    @Test
    void signedFramesAreReadWithTheKeyFromTheNamedVariableAndUnreadableWithout() {
        String key = "0123456789abcdef0123456789abcdef";
        Map<String, SessionRecord> records = InMemorySessionStore.records("deploy-check-hmac", APP);
        records.clear();
        records.put("DD01", DeployFixture.record(APP, "DD01", System.currentTimeMillis(), List.of(
                new EncodedAttribute("n", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x70})),
                new FrameOptions(FrameOptions.DEFAULT_COMPRESS_MIN_LENGTH, FrameOptions.DEFAULT_MAX_DECODED_SIZE,
                        key.getBytes(StandardCharsets.UTF_8))));
        String[] options = {"--war", fixture.oldClasses().toString()};

        Run withKey = run("deploy-check-hmac", name -> name.equals("SHOP_HMAC_KEY") ? key : null,
                "--war", fixture.oldClasses().toString(), "--hmac-key-env", "SHOP_HMAC_KEY");
        Run without = run("deploy-check-hmac", name -> key, options);

        assertThat(withKey.exit()).as("report: %s %s", withKey.out(), withKey.err()).isEqualTo(DeployCheckCommand.SAFE);
        assertThat(withKey.out()).contains("Checked 1 sessions");
        assertThat(without.exit()).isEqualTo(DeployCheckCommand.NOT_SAFE);
        assertThat(without.out()).contains("Unreadable sessions by reason:\n    bad mac: 1\n");
    }

    @Test
    void aStoreThatDoesNotAnswerGivesNoVerdict() {
        StoreFactory down = new StoreFactory() {
            @Override
            public Set<String> options() {
                return MemoryStoreFactory.MEMORY.options();
            }

            @Override
            public String usage() {
                return MemoryStoreFactory.MEMORY.usage();
            }

            @Override
            public boolean accepts(Map<String, String> options) {
                return MemoryStoreFactory.MEMORY.accepts(options);
            }

            @Override
            public SessionStore create(Map<String, String> options) {
                InMemorySessionStore store = (InMemorySessionStore) MemoryStoreFactory.MEMORY.create(options);
                store.setDown(true);
                return store;
            }
        };

        Run run = run(down, STORE, name -> null, "--war", fixture.oldClasses().toString());

        assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isEqualTo(DeployCheckCommand.STORE_UNREACHABLE);
        assertThat(run.err()).contains("the store failed, no verdict");
        assertThat(run.out()).as("no report").isEmpty();
    }

    @Test
    void theWarsClassesComeFirstAsInTomcatUnlessDelegated() throws Exception {
        try (URLClassLoader parent = new URLClassLoader(new URL[] {fixture.oldClasses().toUri().toURL()},
                getClass().getClassLoader())) {
            for (boolean delegate : new boolean[] {false, true}) {
                try (WarClasses war = WarClasses.open(fixture.newWar(), parent, delegate)) {
                    Class<?> cart = Class.forName("com.example.shop.Cart", false, war.loader());
                    assertThat(ObjectStreamClass.lookup(cart).getSerialVersionUID()).as("delegate=%s", delegate)
                            .isEqualTo(delegate ? 1L : 2L);
                    assertThat(Class.forName("java.lang.String", false, war.loader())).isSameAs(String.class);
                    assertThat(war.entries()).as("WEB-INF/classes and WEB-INF/lib/profile.jar").isEqualTo(2);
                }
            }
        }
    }

    private static long extractions() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("deploy-check-")).count();
        }
    }
}
