package io.sessionstores.core.codec;

import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import com.fasterxml.jackson.databind.type.TypeParser;
import com.fasterxml.jackson.databind.util.LRUMap;

/**
 * A Jackson {@link TypeFactory} that looks classes up through one class loader only, without
 * Jackson's fallback to its own loader: a type id names a class of the web application (or of
 * what that loader delegates to), nothing else.
 */
final class LoaderTypeFactory extends TypeFactory {

    private static final long serialVersionUID = 1L;
    private static final int CACHE_INITIAL = 16;
    private static final int CACHE_MAX = 200;

    private final transient ClassLoader loader;

    LoaderTypeFactory(ClassLoader loader) {
        super(new LRUMap<>(CACHE_INITIAL, CACHE_MAX), new TypeParser(TypeFactory.defaultInstance()),
                new TypeModifier[0], loader);
        this.loader = loader;
    }

    @Override
    public Class<?> findClass(String className) throws ClassNotFoundException {
        if (className.indexOf('.') < 0) {
            return super.findClass(className);
        }
        return Class.forName(className, true, loader);
    }
}
