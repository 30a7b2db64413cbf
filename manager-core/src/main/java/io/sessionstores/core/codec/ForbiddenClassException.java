package io.sessionstores.core.codec;

import java.io.InvalidClassException;

/**
 * An attribute value names a class the configured class name filter does not allow. It was
 * refused before any object of that class was created; the Manager drops that attribute alone.
 */
public class ForbiddenClassException extends InvalidClassException {

    private static final long serialVersionUID = 1L;

    private final String className;

    /** @param className the refused class name (as found in the data; not secret) */
    public ForbiddenClassException(String className) {
        super(className, "class is not allowed by the session attribute class name filter");
        this.className = className;
    }

    /** The refused class name. */
    public String className() {
        return className;
    }
}
