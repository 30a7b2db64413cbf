package io.sessionstores.core.deploycheck;

import java.io.InvalidClassException;
import java.io.NotSerializableException;

import io.sessionstores.core.codec.ForbiddenClassException;

/** Why the new version would drop a stored attribute when it reads the session. */
public enum DropReason {
    /** A class of the value is not in the new version (nor in Tomcat's or the JDK's). */
    CLASS_MISSING("class missing"),
    /** A class of the value changed its {@code serialVersionUID} (Java serialization's "local class incompatible"). */
    SERIAL_VERSION_CHANGED("serialVersionUID changed"),
    /** A class of the value is not allowed by the allowlist ({@code allowedClassNames}). */
    NOT_ALLOWED("not allowed by the allowlist"),
    /** Anything else the codec refused (a changed class shape, bytes that do not decode, a limit). */
    DECODE_FAILED("other decode failure");

    private final String text;

    DropReason(String text) {
        this.text = text;
    }

    /** How the text report says it. */
    public String text() {
        return text;
    }

    /** What dropped the attribute: the reason, and the class it names (empty when none). */
    record Cause(DropReason reason, String className) {
    }

    /** The reason behind a codec's refusal (or a linkage error) {@code failure}, and the class it names. */
    static Cause of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ForbiddenClassException forbidden) {
                return new Cause(NOT_ALLOWED, forbidden.className());
            }
            if (t instanceof ClassNotFoundException missing) {
                return new Cause(CLASS_MISSING, String.valueOf(missing.getMessage()));
            }
            if (t instanceof NoClassDefFoundError missing) {
                return new Cause(CLASS_MISSING, String.valueOf(missing.getMessage()).replace('/', '.'));
            }
            if (t instanceof InvalidClassException invalid) {
                boolean serialVersion = String.valueOf(invalid.getMessage()).contains("serialVersionUID");
                return new Cause(serialVersion ? SERIAL_VERSION_CHANGED : DECODE_FAILED,
                        invalid.classname == null ? "" : invalid.classname);
            }
            if (t instanceof NotSerializableException notSerializable) {
                return new Cause(DECODE_FAILED, String.valueOf(notSerializable.getMessage()));
            }
        }
        return new Cause(DECODE_FAILED, "");
    }
}
