package io.sessionstores.redis;

/**
 * Runs code with this library's class loader as the thread's context class loader. Redisson and
 * Netty start threads lazily, from whatever thread first needs one (a request, Tomcat's
 * background thread, a context's stop), and a new thread keeps its creator's context class
 * loader: a web application's would pin that application in memory after undeploy, because the
 * shared client outlives any one context.
 */
final class OwnClassLoader {

    private OwnClassLoader() {
    }

    /** The body of a call that may throw {@code E}. */
    @FunctionalInterface
    interface Body<T, E extends Exception> {
        T run() throws E;
    }

    static <T, E extends Exception> T run(Body<T, E> body) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(OwnClassLoader.class.getClassLoader());
        try {
            return body.run();
        } finally {
            thread.setContextClassLoader(caller);
        }
    }
}
