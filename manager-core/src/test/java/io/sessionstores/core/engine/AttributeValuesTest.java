package io.sessionstores.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.store.InMemorySessionStore;

/** Attribute values to bytes and back, driven through {@link AttributeValues#encode} and {@link AttributeValues#decode}. */
class AttributeValuesTest {

    private static final String ID = "A77E0000000000000000000000000001";
    private final EngineFixture node = new EngineFixture("values");

    @AfterEach
    void clearStore() {
        InMemorySessionStore.clearAll();
    }

    @Test
    void aValueThatCannotBeSerializedIsLeftOutAndCounted() {
        VersionedSession s = node.newSession(ID);
        s.setAttribute("ok", "kept");
        s.setAttribute("thread", new Object());

        Map<String, AttributeValues.EncodedValue> encoded = node.values.encode(s, Set.of(), node.problems);

        assertThat(encoded).containsOnlyKeys("ok");
        assertThat(node.stats.unserializableAttributes.sum()).as("unserializable attributes counted").isEqualTo(1);
    }

    @Test
    void anEncodedValueDecodesToAnEqualValue() {
        VersionedSession s = node.newSession(ID);
        ArrayList<String> cart = new ArrayList<>(List.of("apple", "pear"));
        s.setAttribute("cart", cart);
        AttributeValues.EncodedValue encoded = node.values.encode(s, Set.of(), node.problems).get("cart");

        AttributeValues.EncodedValue decoded = node.values.decode(new EncodedAttribute("cart", encoded.bytes()),
                node.values.codec().id(), getClass().getClassLoader(), node.problems);

        assertThat(decoded.value()).isEqualTo(cart).isNotSameAs(cart);
        assertThat(decoded.digest()).as("digest of the same bytes").isEqualTo(encoded.digest());
    }

    @Test
    void aStoredValueOfAClassNotAllowedIsDroppedAndCounted() {
        EngineFixture lenient = new EngineFixture("values-lenient", node.clock,
                m -> m.setAllowedClassNames("java\\.net\\.URI"));
        VersionedSession s = lenient.newSession(ID);
        s.setAttribute("link", URI.create("https://example.com/"));
        byte[] bytes = lenient.values.encode(s, Set.of(), lenient.problems).get("link").bytes();

        AttributeValues.EncodedValue decoded = node.values.decode(new EncodedAttribute("link", bytes),
                node.values.codec().id(), getClass().getClassLoader(), node.problems);

        assertThat(decoded).as("a value of a class the allowlist refuses").isNull();
        assertThat(node.stats.droppedAttributes.sum()).as("dropped attributes counted").isEqualTo(1);
    }

    @Test
    void onlyImmutableValuesCountAsUnchangedInPlace() {
        assertThat(AttributeValues.isImmutable("text")).isTrue();
        assertThat(AttributeValues.isImmutable(42L)).isTrue();
        assertThat(AttributeValues.isImmutable(new ArrayList<>())).as("a list the application may change in place")
                .isFalse();
    }
}
