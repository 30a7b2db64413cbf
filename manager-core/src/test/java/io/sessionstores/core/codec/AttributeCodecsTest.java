package io.sessionstores.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstores.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class AttributeCodecsTest {

    private final ClassNameFilter filter = ClassNameFilter.jdkValueTypesAnd(null);

    @Test
    void namesSelectCodecs() {
        assertThat(AttributeCodecs.create("java", filter)).isInstanceOf(JavaAttributeCodec.class);
        assertThat(AttributeCodecs.create(" JSON ", filter)).isInstanceOf(JsonAttributeCodec.class);
    }

    @Test
    void unknownNameListsTheAllowedValues() {
        assertThatThrownBy(() -> AttributeCodecs.create("kryo", filter)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kryo'").hasMessageContaining("'codec'").hasMessageContaining("java, json");
        assertThatThrownBy(() -> AttributeCodecs.create(null, filter)).isInstanceOf(ConfigException.class);
    }

    @Test
    void idsSelectCodecs() {
        assertThat(AttributeCodecs.forId(1, filter)).isInstanceOf(JavaAttributeCodec.class);
        assertThat(AttributeCodecs.forId(2, filter)).isInstanceOf(JsonAttributeCodec.class);
        assertThat(AttributeCodecs.forId(0, filter)).isNull();
        assertThat(AttributeCodecs.forId(3, filter)).isNull();
    }
}
