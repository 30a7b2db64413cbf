package io.sessionstores.core.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * An {@link ObjectInputStream} over one encoded value that resolves classes through a given loader
 * and refuses, by name and before loading it, every class the {@link ClassNameFilter} does not
 * allow. An {@link ObjectInputFilter} checks every class again (array classes by element type,
 * proxies by interface; it also sees the class a {@code readResolve} returns and the array types
 * JDK classes size while reading, such as {@code HashMap}'s {@code Map.Entry[]}) and adds the
 * limits: nesting depth, and array lengths and reference counts no larger than the encoded value
 * itself (so a lying length cannot make it allocate more than the input could fill).
 */
final class FilteredObjectInputStream extends ObjectInputStream {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class, "void", void.class);

    private final ClassNameFilter filter;
    private final ClassLoader loader;

    FilteredObjectInputStream(byte[] bytes, ClassNameFilter filter, ClassLoader loader, int maxDepth)
            throws IOException {
        super(new ByteArrayInputStream(bytes));
        this.filter = filter;
        this.loader = loader;
        setObjectInputFilter(limits(filter, bytes.length, maxDepth));
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        String name = desc.getName();
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        if (!filter.allows(name)) {
            throw new ForbiddenClassException(name);
        }
        return Class.forName(name, false, loader);
    }

    @Override
    @SuppressWarnings("deprecation")
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        Class<?>[] types = new Class<?>[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            if (!filter.allows(interfaces[i])) {
                throw new ForbiddenClassException(interfaces[i]);
            }
            types[i] = Class.forName(interfaces[i], false, loader);
        }
        try {
            return Proxy.getProxyClass(loader, types);
        } catch (IllegalArgumentException e) {
            throw new ClassNotFoundException("cannot define a proxy for " + String.join(", ", interfaces), e);
        }
    }

    private static ObjectInputFilter limits(ClassNameFilter filter, long streamLength, int maxDepth) {
        return info -> {
            if (info.depth() > maxDepth || info.references() > streamLength || info.arrayLength() > streamLength
                    || info.streamBytes() > streamLength) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            return allowed(filter, type) ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
        };
    }

    private static boolean allowed(ClassNameFilter filter, Class<?> type) {
        if (Proxy.isProxyClass(type)) {
            for (Class<?> api : type.getInterfaces()) {
                if (!filter.allows(api)) {
                    return false;
                }
            }
            return true;
        }
        return filter.allows(type);
    }
}
