/**
 * Attribute value encodings: {@code java} (Java serialization, the default) and {@code json}
 * (Jackson), both reading only the classes a {@link io.sessionstores.core.codec.ClassNameFilter}
 * allows (Tomcat's {@code sessionAttributeValueClassNameFilter} semantics), refusing any other with
 * a {@link io.sessionstores.core.codec.ForbiddenClassException} before the class is loaded or any
 * object of it created. {@link io.sessionstores.core.codec.AttributeCodecs} creates them by name
 * (the Manager's {@code codec} attribute) or by the id a frame header carries.
 */
package io.sessionstores.core.codec;
