package io.sessionstores.core.it;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * A stand-in for a deserialization gadget: a class on the class path but outside every allowlist,
 * whose {@code readObject}, constructor or JSON setter leaves a trace if it ever runs while a
 * stored session is read. Tests put it into the store (Java-serialized or as a JSON type id) and
 * assert {@link #ran()} stays false.
 */
public final class TraceGadget implements Serializable {

    private static final long serialVersionUID = 1L;
    private static volatile boolean ran;

    private String note = "boom";

    /** What Jackson would call to build one. */
    public TraceGadget() {
        ran = true;
    }

    /** Whether any code of this class ran since the last {@link #reset()}. */
    public static boolean ran() {
        return ran;
    }

    /** Clears the trace. */
    public static void reset() {
        ran = false;
    }

    /** What Jackson would call to set the property. */
    public void setNote(String note) {
        ran = true;
        this.note = note;
    }

    /** The property. */
    public String getNote() {
        return note;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        ran = true;
        in.defaultReadObject();
    }
}
