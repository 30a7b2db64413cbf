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

/**
 * Default typing for every value (class names as type ids, in an {@code "@class"} property or a
 * wrapper array for scalars), whose type ids are checked against the {@link ClassNameFilter} both
 * ways: writing a class the filter refuses fails ({@link RefusedType}), reading one raises
 * {@link ForbiddenClassException} before the class is looked up.
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

    /** Raised while writing a value whose class the filter would refuse to read back. */
    static final class RefusedType extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedType(String className) {
            super(className + " (not allowed by the class name filter)", null, false, false);
        }
    }

    /** Class-name type ids, checked against the filter. */
    private static final class FilteredIdResolver extends ClassNameIdResolver {
        private static final long serialVersionUID = 1L;

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
            if (!filter.allows(id)) {
                throw new ForbiddenClassException(id);
            }
            return super.typeFromId(context, id);
        }

        private String checked(String id) {
            if (id != null && !filter.allows(id)) {
                throw new RefusedType(id);
            }
            return id;
        }
    }
}
