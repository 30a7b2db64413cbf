/**
 * The node engine: one request's way from the store to the application and back. Read
 * {@link io.sessionstores.core.engine.LocalSessions} top-down (find, read, expire, evict, save), then
 * the parts it is given: {@link io.sessionstores.core.engine.StoreCalls} (timed store calls),
 * {@link io.sessionstores.core.engine.RecordLoader} (a record into a session copy),
 * {@link io.sessionstores.core.engine.AttributeValues} (attribute values to bytes and back, with
 * digests) and {@link io.sessionstores.core.engine.SessionSaver} (the save after a request, its
 * group commit and conflict merge).
 *
 * <p>The engine depends only on core's SPI ({@code store}, {@code frame}, {@code codec},
 * {@code config}, {@code support}) and Tomcat's session API; it never knows the Manager's class
 * (a session reaches its Manager through {@link io.sessionstores.core.engine.SessionHost}), a
 * Tomcat valve or a tool. {@code PackageDependencyTest} checks it.
 */
package io.sessionstores.core.engine;
