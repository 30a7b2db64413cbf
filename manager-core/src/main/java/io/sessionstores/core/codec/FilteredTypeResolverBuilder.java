package io.sessionstores.core.codec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.ClassNameIdResolver;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Default typing for every value (class names as type ids, in an {@code "@class"} property or a
 * wrapper array for scalars), whose type ids are checked against the {@link ClassNameFilter} both
 * ways: writing a class the filter refuses fails ({@link RefusedType}), reading one raises
 * {@link ForbiddenClassException} before the class is looked up. Every class named in a type id
 * is checked, type parameters included.
 */
final class FilteredTypeResolverBuilder extends ObjectMapper.DefaultTypeResolverBuilder {

    private static final long serialVersionUID = 1L;

    private final transient ClassNameFilter filter;

    @SuppressWarnings("deprecation") // EVERYTHING: Long and records are final, yet need their type id
    FilteredTypeResolverBuilder(ClassNameFilter filter) {
        super(ObjectMapper.DefaultTyping.EVERYTHING, new FilterTypeValidator(filter));
        this.filter = filter;
        init(JsonTypeInfo.Id.CLASS, null);
        inclusion(JsonTypeInfo.As.PROPERTY);
    }

    private FilteredTypeResolverBuilder(FilteredTypeResolverBuilder base, Class<?> defaultImpl) {
        super(base, defaultImpl);
        this.filter = base.filter;
    }

    @Override
    public ObjectMapper.DefaultTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
        return new FilteredTypeResolverBuilder(this, defaultImpl);
    }

    @Override
    protected TypeIdResolver idResolver(MapperConfig<?> config, JavaType baseType,
            PolymorphicTypeValidator validator, Collection<NamedType> subtypes, boolean forSer, boolean forDeser) {
        return new FilteredIdResolver(baseType, config.getTypeFactory(), validator, filter);
    }

    /** Raised while writing a value that would not read back: its class is refused, or its content cannot be exact. */
    static final class RefusedType extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedType(String className) {
            this(className + " (not allowed by the class name filter)", false);
        }

        private RefusedType(String message, boolean unused) {
            super(message, null, false, false);
        }

        /** A refusal saying why, in {@code message}. */
        static RefusedType because(String message) {
            return new RefusedType(message, false);
        }
    }

    /** Class-name type ids, checked against the filter. */
    private static final class FilteredIdResolver extends ClassNameIdResolver {
        private static final long serialVersionUID = 1L;
        /** What separates the class names of a canonical generic type id. */
        private static final Pattern TYPE_ID_SEPARATORS = Pattern.compile("[<>,\\s]+");

        private final transient ClassNameFilter filter;

        FilteredIdResolver(JavaType baseType, TypeFactory typeFactory, PolymorphicTypeValidator validator,
                ClassNameFilter filter) {
            super(baseType, typeFactory, validator);
            this.filter = filter;
        }

        @Override
        public String idFromValue(Object value) {
            return checked(super.idFromValue(value));
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            return checked(super.idFromValueAndType(value, type));
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) throws IOException {
            String refused = refusedComponent(id);
            if (refused != null) {
                throw new ForbiddenClassException(refused);
            }
            return super.typeFromId(context, id);
        }

        private String checked(String id) {
            String refused = id == null ? null : refusedComponent(id);
            if (refused != null) {
                throw new RefusedType(refused);
            }
            return id;
        }

        /**
         * The first class a type id names that the filter refuses, or {@code null}. A type id is a
         * class name or a canonical generic type ({@code java.util.EnumSet<java.time.DayOfWeek>},
         * {@code a.B<c.D,java.util.List<e.F>>}): Jackson resolves every class in it, so each one
         * is checked, not the text as a whole (which {@code com\.example\..*} would match).
         */
        private String refusedComponent(String id) {
            if (id.isEmpty()) {
                return id;
            }
            for (String name : TYPE_ID_SEPARATORS.split(id)) {
                if (!name.isEmpty() && !filter.allows(name)) {
                    return name;
                }
            }
            return null;
        }
    }
}
