package io.sessionstores.core.codec;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.sessionstores.core.frame.Frames;

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
        static volatile boolean initialized;

        static void reset() {
            constructor = false;
            readObject = false;
            compare = false;
        }

        /** Whether {@link StaticGadget} was initialized (it can be only once per JVM). */
        static boolean initialized() {
            return initialized;
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

    /**
     * Not on the allowlist, and never referenced by the tests except by name: initializing it (what
     * {@code Class.forName(name, true, loader)} does) flags {@link Ran#initialized}.
     */
    static final class StaticGadget implements Serializable {
        private static final long serialVersionUID = 1L;

        static {
            Ran.initialized = true;
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

    /**
     * The SerialDOS shape (Wouter Coekaerts): {@code levels} of sets, each holding the next two,
     * the next two sharing their members, so the stream stays small while rebuilding it calls
     * {@code hashCode} about 2^levels times.
     */
    static Set<Object> serialDos(int levels) {
        Set<Object> root = new HashSet<>();
        Set<Object> left = root;
        Set<Object> right = new HashSet<>();
        for (int i = 0; i < levels; i++) {
            Set<Object> nextLeft = new HashSet<>();
            Set<Object> nextRight = new HashSet<>();
            nextLeft.add("x");
            left.add(nextLeft);
            left.add(nextRight);
            right.add(nextLeft);
            right.add(nextRight);
            left = nextLeft;
            right = nextRight;
        }
        return root;
    }

    /** Plain Java serialization with no filter: how an attacker or an older writer makes bytes. */
    static byte[] serialize(Object value) {
        return Frames.javaSerialized(value);
    }
}
