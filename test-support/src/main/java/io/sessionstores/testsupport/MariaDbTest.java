package io.sessionstores.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class (or method) that needs MariaDB, which has no embedded server: it runs when a MariaDB
 * answers at {@code SESSIONSTORES_MARIADB_URL}, or always under {@code -Pmariadb}
 * ({@code -Dsessionstores.mariadb=required}), where a missing MariaDB fails it instead of skipping
 * it. {@code .ci/run} gives the profile.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MariaDbTest.Condition.class)
public @interface MariaDbTest {

    /** The system property that {@code -Pmariadb} sets to {@code required}. */
    String REQUIRED_PROPERTY = "sessionstores.mariadb";

    /** Enables the annotated tests when {@link #enabled()}. */
    final class Condition implements ExecutionCondition {

        /** Whether the MariaDB tests run in this JVM: required by the build, or a MariaDB answers. */
        public static boolean enabled() {
            return "required".equals(System.getProperty(REQUIRED_PROPERTY)) || TestServices.mariaDbAnswers();
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return enabled() ? ConditionEvaluationResult.enabled("MariaDB answers, or -Pmariadb requires it")
                    : ConditionEvaluationResult.disabled("no MariaDB answers at " + TestServices.mariaDbUrl()
                            + " (SESSIONSTORES_MARIADB_URL); -Pmariadb runs the MariaDB tests and fails them without one");
        }
    }
}
