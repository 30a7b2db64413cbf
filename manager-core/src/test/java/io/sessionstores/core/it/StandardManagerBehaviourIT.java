package io.sessionstores.core.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Tomcat's own StandardManager passes the {@link SessionBehaviourContract}: the yardstick. */
@InContainerTest
class StandardManagerBehaviourIT extends SessionBehaviourContract {

    @Deployment(testable = false)
    static WebArchive app() {
        return SessionTestApp.war(SessionTestApp.STANDARD_MANAGER);
    }
}
