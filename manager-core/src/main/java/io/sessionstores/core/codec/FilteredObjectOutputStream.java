package io.sessionstores.core.codec;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * An {@link ObjectOutputStream} that refuses to write a class the {@link ClassNameFilter} would
 * refuse to read back (checked once per class descriptor, superclasses and array types included),
 * so that a value that cannot be restored is reported when it is stored, not lost later.
 */
final class FilteredObjectOutputStream extends ObjectOutputStream {

    private final ClassNameFilter filter;
    private NotSerializableException refusal;

    FilteredObjectOutputStream(OutputStream out, ClassNameFilter filter) throws IOException {
        super(out);
        this.filter = filter;
    }

    /**
     * The first class refused, or {@code null}. {@link ObjectOutputStream#writeObject} answers a
     * failure by serializing the exception into the stream before rethrowing it; so after the first
     * refusal nothing more is refused, and a refused {@code Throwable} class is only recorded (it
     * may be that exception being written): the caller checks this after {@code writeObject}.
     */
    NotSerializableException refusal() {
        return refusal;
    }

    @Override
    protected void annotateClass(Class<?> type) throws IOException {
        check(type, type);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) throws IOException {
        for (Class<?> api : type.getInterfaces()) {
            check(api, type);
        }
    }

    private void check(Class<?> type, Class<?> written) throws NotSerializableException {
        if (refusal != null || filter.allows(type)) {
            return;
        }
        refusal = new NotSerializableException(type.getName() + " (not allowed by the class name filter)");
        if (!Throwable.class.isAssignableFrom(written)) {
            throw refusal;
        }
    }
}
