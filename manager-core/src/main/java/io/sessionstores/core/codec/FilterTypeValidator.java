package io.sessionstores.core.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Jackson's polymorphic type check backed by a {@link ClassNameFilter}: a type id is accepted
 * only when the filter allows the class name, which Jackson asks before it loads the class.
 */
final class FilterTypeValidator extends PolymorphicTypeValidator.Base {

    private static final long serialVersionUID = 1L;

    private final transient ClassNameFilter filter;

    FilterTypeValidator(ClassNameFilter filter) {
        this.filter = filter;
    }

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
        return filter.allows(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
        return filter.allows(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
    }
}
