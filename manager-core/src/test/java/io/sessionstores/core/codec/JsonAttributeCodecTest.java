package io.sessionstores.core.codec;

import static io.sessionstores.core.codec.Fixtures.FILTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstores.core.codec.Fixtures.CartRecord;
import io.sessionstores.core.codec.Fixtures.Ran;
import java.io.IOException;
import java.io.NotSerializableException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonAttributeCodecTest {

    private final JsonAttributeCodec codec = new JsonAttributeCodec(FILTER);
    private final ClassLoader loader = getClass().getClassLoader();

    @BeforeEach
    void resetFlags() {
        Ran.reset();
    }

    /** A plain bean, outside {@link Fixtures#FILTER}'s allowlist. */
    public static final class Pojo {
        public String name;
        public int count;
    }

    static Stream<Object> values() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("id", 42L);
        nested.put("tags", new ArrayList<>(List.of("a", "b")));
        nested.put("inner", new HashMap<>(Map.of("x", 1.5d, "flag", true)));
        return Stream.of("text", "\u00e9\u65e5\ud83d\ude00", 42, 42L, Long.MAX_VALUE, 3.5d, true, false,
                new BigDecimal("12.340"), new ArrayList<>(List.of("a", "b")), new ArrayList<>(List.of(1L, 2L)),
                new HashMap<>(Map.of("k", "v")), nested, new CartRecord("alice", List.of("book", "pen"), 99L));
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrip(Object value) throws IOException {
        Object read = codec.decode(codec.encode(value), loader);
        assertThat(read).isEqualTo(value).hasSameClassAs(value);
    }

    @Test
    void longsStayLongsInsideCollections() throws IOException {
        Object read = codec.decode(codec.encode(new ArrayList<>(List.of(1L))), loader);
        assertThat(((List<?>) read).get(0)).isInstanceOf(Long.class);
    }

    @Test
    void idAndName() {
        assertThat(codec.id()).isEqualTo(2);
        assertThat(codec.name()).isEqualTo("json");
    }

    @Test
    void encodeRefusesAClassTheFilterWouldNotReadBack() {
        Pojo pojo = new Pojo();
        pojo.name = "n";
        assertThatThrownBy(() -> codec.encode(pojo)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining(Pojo.class.getName());
        assertThatThrownBy(() -> codec.encode(new ArrayList<>(List.of(pojo))))
                .isInstanceOf(NotSerializableException.class).hasMessageContaining("Pojo");
    }

    @Test
    void allowlistedPojoRoundTrips() throws IOException {
        JsonAttributeCodec open = new JsonAttributeCodec(ClassNameFilter.jdkValueTypesAnd(
                "io\\.sessionstores\\.core\\.codec\\.JsonAttributeCodecTest\\$Pojo"));
        Pojo pojo = new Pojo();
        pojo.name = "n";
        pojo.count = 3;
        Object read = open.decode(open.encode(pojo), loader);
        assertThat(read).isInstanceOf(Pojo.class).usingRecursiveComparison().isEqualTo(pojo);
    }

    @Test
    void forbiddenTypeIdIsRefusedBeforeTheClassIsLoaded() {
        String json = "{\"@class\":\"" + Fixtures.Gadget.class.getName() + "\",\"payload\":\"x\"}";
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), loader))
                .isInstanceOfSatisfying(ForbiddenClassException.class,
                        e -> assertThat(e.className()).isEqualTo(Fixtures.Gadget.class.getName()));
        assertThat(Ran.any()).isFalse();
    }

    @Test
    void forbiddenTypeIdNestedInAnAllowedList() {
        String json = "[\"java.util.ArrayList\",[[\"java.util.PriorityQueue\",[]]]]";
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), loader))
                .isInstanceOfSatisfying(ForbiddenClassException.class,
                        e -> assertThat(e.className()).isEqualTo("java.util.PriorityQueue"));
    }

    @Test
    void classicJacksonGadgetNameIsRefused() {
        String json = "[\"com.sun.rowset.JdbcRowSetImpl\",{\"dataSourceName\":\"ldap://x\",\"autoCommit\":true}]";
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), loader))
                .isInstanceOf(ForbiddenClassException.class);
    }

    /**
     * A type id with type parameters passes a name allowlist such as {@code com\.example\..*} as a
     * whole, while Jackson resolves (and used to initialize) each parameter class: every component
     * is checked, and none is initialized.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io.sessionstores.core.codec.Fixtures$CartRecord<%s>", "java.util.ArrayList<%s>",
            "java.util.HashMap<java.lang.String,%s>", "java.util.ArrayList<java.util.ArrayList<%s>>"})
    void typeIdWithAForbiddenTypeParameterIsRefusedWithoutInitializingIt(String template) {
        String gadget = Fixtures.class.getName() + "$StaticGadget";
        String json = "[\"" + String.format(template, gadget) + "\",[]]";
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8), loader))
                .isInstanceOfSatisfying(ForbiddenClassException.class,
                        e -> assertThat(e.className()).isEqualTo(gadget));
        assertThat(Ran.initialized()).as("static initializer of the refused class ran").isFalse();
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() throws IOException {
        JsonAttributeCodec shallow = new JsonAttributeCodec(FILTER, 8);
        String deep = "[\"java.util.ArrayList\",[".repeat(10) + "]]".repeat(10);
        assertThatThrownBy(() -> shallow.decode(deep.getBytes(StandardCharsets.UTF_8), loader))
                .isInstanceOf(IOException.class).isNotInstanceOf(ForbiddenClassException.class);
        String fits = "[\"java.util.ArrayList\",[".repeat(8) + "]]".repeat(8);
        assertThat(shallow.decode(fits.getBytes(StandardCharsets.UTF_8), loader)).isInstanceOf(List.class);
    }

    @Test
    void enumSetTypeIdWithItsParameterStillRoundTrips() throws IOException {
        EnumSet<DayOfWeek> days = EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        assertThat(codec.decode(codec.encode(days), loader)).isEqualTo(days);
    }

    @Test
    void garbageIsAnIOException() {
        assertThatThrownBy(() -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8), loader))
                .isInstanceOf(IOException.class).isNotInstanceOf(ForbiddenClassException.class);
        assertThatThrownBy(() -> codec.decode(new byte[0], loader)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> codec.decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8), loader))
                .as("untyped object").isInstanceOf(IOException.class);
    }

    @Test
    void classesResolveThroughTheGivenLoader() throws Exception {
        byte[] bytes = codec.encode(new CartRecord("a", List.of(), 1));
        ClassLoader parentOnly = new ClassLoader(null) {
        };
        assertThatThrownBy(() -> codec.decode(bytes, parentOnly)).isInstanceOf(IOException.class);
        assertThat(codec.decode(bytes, loader)).isInstanceOf(CartRecord.class);
        assertThatThrownBy(() -> codec.decode(bytes, parentOnly)).as("after switching back")
                .isInstanceOf(IOException.class);
    }
}
