package io.sessionstores.core.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an Arquillian in-container test class (JUnit 5, embedded Tomcat from arquillian.xml).
 * It carries the {@value #TAG} tag, which is what makes failsafe run the class on BOTH Tomcat
 * lines: the {@code tomcat-10.1} execution runs every {@code *IT}, the {@code tomcat-11}
 * execution only classes tagged {@value #TAG}. A test that starts its own {@link TomcatNode}s
 * (and no Arquillian container) puts {@code @Tag(InContainerTest.TAG)} on its class instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(InContainerTest.TAG)
@ExtendWith(ArquillianExtension.class)
public @interface InContainerTest {

    /** The JUnit tag of tests that run on Tomcat 10.1 and on 11. */
    String TAG = "tomcat";
}
