package io.sessionstores.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.MapType;
import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Refuses, while a value is written, the collections and maps whose JSON form would read back
 * different although their classes are allowed: a sorted set or map ordered by its own comparator
 * (JSON keeps the elements, not the comparator: a reverse-ordered set would come back ascending),
 * a map with a key that is not a {@code String} (JSON object keys read back as strings: a
 * {@code Long} key would come back as {@code "1"}; an {@code EnumMap} knows its key type and is
 * exact), and an empty {@code EnumSet} (nothing in it tells which enum it is of). The refusal
 * fails the write ({@link FilteredTypeResolverBuilder.RefusedType}), as for a class the filter
 * refuses, so the attribute is dropped and logged, never stored in a form that reads back wrong.
 */
final class ExactValuesModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    ExactValuesModule() {
        super("session-stores exact JSON values");
        setSerializerModifier(new BeanSerializerModifier() {
            private static final long serialVersionUID = 1L;

            @Override
            public JsonSerializer<?> modifyMapSerializer(SerializationConfig config, MapType type,
                    BeanDescription description, JsonSerializer<?> serializer) {
                return new Checked(serializer, ExactValuesModule::checkMap);
            }

            @Override
            public JsonSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType type,
                    BeanDescription description, JsonSerializer<?> serializer) {
                return new Checked(serializer, ExactValuesModule::checkCollection);
            }
        });
    }

    static void checkMap(Object value) {
        if (value instanceof SortedMap<?, ?> sorted && sorted.comparator() != null) {
            throw refused(value, "a sorted map with its own comparator (" + sorted.comparator().getClass().getName()
                    + "); JSON keeps the entries, not their order");
        }
        if (value instanceof Map<?, ?> map && !(value instanceof EnumMap<?, ?>)) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw refused(value, "a map key of class " + (key == null ? "null" : key.getClass().getName())
                            + "; JSON object keys read back as strings, so only String keys (or an EnumMap) are exact");
                }
            }
        }
    }

    static void checkCollection(Object value) {
        if (value instanceof SortedSet<?> sorted && sorted.comparator() != null) {
            throw refused(value, "a sorted set with its own comparator (" + sorted.comparator().getClass().getName()
                    + "); JSON keeps the elements, not their order");
        }
        if (value instanceof EnumSet<?> set && set.isEmpty()) {
            throw refused(value, "an empty EnumSet; nothing in its JSON form tells which enum it is of");
        }
    }

    private static FilteredTypeResolverBuilder.RefusedType refused(Object value, String why) {
        return FilteredTypeResolverBuilder.RefusedType.because(value.getClass().getName() + " holding " + why);
    }

    /** A serializer that checks each value before its delegate writes it. */
    private static final class Checked extends JsonSerializer<Object> implements ContextualSerializer,
            ResolvableSerializer {

        private final JsonSerializer<Object> delegate;
        private final Consumer<Object> check;

        @SuppressWarnings("unchecked")
        Checked(JsonSerializer<?> delegate, Consumer<Object> check) {
            this.delegate = (JsonSerializer<Object>) delegate;
            this.check = check;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            check.accept(value);
            delegate.serialize(value, gen, provider);
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
                TypeSerializer typeSer) throws IOException {
            check.accept(value);
            delegate.serializeWithType(value, gen, provider, typeSer);
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            JsonSerializer<?> contextual = delegate instanceof ContextualSerializer c
                    ? c.createContextual(provider, property) : delegate;
            return contextual == delegate ? this : new Checked(contextual, check);
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Object value) {
            return delegate.isEmpty(provider, value);
        }

        @Override
        public boolean usesObjectId() {
            return delegate.usesObjectId();
        }

        @Override
        public Class<Object> handledType() {
            return delegate.handledType();
        }
    }
}
