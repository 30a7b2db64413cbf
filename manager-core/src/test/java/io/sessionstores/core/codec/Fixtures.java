package io.sessionstores.core.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/** Application-like classes for the codec tests, and flags proving what ran while decoding. */
final class Fixtures {

    /** Allows the JDK value types and this test package's {@code Cart*} classes only. */
    static final ClassNameFilter FILTER = ClassNameFilter.jdkValueTypesAnd("io\\.sessionstores\\.core\\.codec\\.Fixtures\\$Cart.*");

    private Fixtures() {
    }

    /** An allowlisted application class (Java serialization). */
    static final class CartItems implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> items;
        final long total;

        CartItems(List<String> items, long total) {
            this.items = items;
            this.total = total;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CartItems c && c.items.equals(items) && c.total == total;
        }

        @Override
        public int hashCode() {
            return items.hashCode() * 31 + Long.hashCode(total);
        }
    }

    /** An allowlisted application record (JSON and Java). */
    record CartRecord(String owner, List<String> items, long total) implements Serializable {
    }

    /** What ran while a forbidden class was being read. */
    static final class Ran {
        static volatile boolean constructor;
        static volatile boolean readObject;
        static volatile boolean compare;

        static void reset() {
            constructor = false;
            readObject = false;
            compare = false;
        }

        static boolean any() {
            return constructor || readObject || compare;
        }
    }

    /** Not serializable: its no-arg constructor is what deserializing a subclass would call. */
    static class GadgetBase {
        GadgetBase() {
            Ran.constructor = true;
        }
    }

    /** Not on the allowlist; would flag its constructor and readObject if they ran. */
    static final class Gadget extends GadgetBase implements Serializable {
        private static final long serialVersionUID = 1L;
        String payload = "boom";

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            Ran.readObject = true;
            in.defaultReadObject();
        }
    }

    /** The classic gadget shape: a comparator that a PriorityQueue runs while it is read. */
    static final class EvilComparator implements Comparator<Object>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Object a, Object b) {
            Ran.compare = true;
            return 0;
        }
    }

    /** Plain Java serialization with no filter: how an attacker or an older writer makes bytes. */
    static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
