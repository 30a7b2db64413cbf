package io.sessionstores.core.it.webapp;

import java.io.Serializable;

/**
 * An application class for allowlist tests: a node whose {@code allowedClassNames} does not
 * name it must refuse it on load (and cannot store it either).
 */
public class Widget implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String label;

    /** A widget called {@code label}. */
    public Widget(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return "Widget(" + label + ")";
    }
}
