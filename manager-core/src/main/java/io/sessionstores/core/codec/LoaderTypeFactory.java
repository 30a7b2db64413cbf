package io.sessionstores.core.codec;

import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import com.fasterxml.jackson.databind.type.TypeParser;
import com.fasterxml.jackson.databind.util.LRUMap;
import java.util.Set;

/**
 * A Jackson {@link TypeFactory} that looks classes up through one class loader only, without
 * Jackson's fallback to its own loader: a type id names a class of the web application (or of
 * what that loader delegates to), nothing else. A class is never initialized while a type id is
 * resolved (its static initializer runs only when an object of it is actually created).
 */
final class LoaderTypeFactory extends TypeFactory {

    private static final long serialVersionUID = 1L;
    private static final int CACHE_INITIAL = 16;
    private static final int CACHE_MAX = 200;
    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long", "float",
            "double", "void");

    private final transient ClassLoader loader;

    LoaderTypeFactory(ClassLoader loader) {
        super(new LRUMap<>(CACHE_INITIAL, CACHE_MAX), new TypeParser(TypeFactory.defaultInstance()),
                new TypeModifier[0], loader);
        this.loader = loader;
    }

    @Override
    public Class<?> findClass(String className) throws ClassNotFoundException {
        if (PRIMITIVES.contains(className)) {
            return super.findClass(className);
        }
        return Class.forName(className, false, loader);
    }
}
