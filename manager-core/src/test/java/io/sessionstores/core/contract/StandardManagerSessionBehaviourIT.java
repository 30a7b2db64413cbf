package io.sessionstores.core.contract;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionTestApp;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Tomcat's own StandardManager passes the {@link SessionBehaviourContract}: the yardstick. */
@InContainerTest
class StandardManagerSessionBehaviourIT extends SessionBehaviourContract {

    @Deployment(testable = false)
    static WebArchive app() {
        return SessionTestApp.war(SessionTestApp.STANDARD_MANAGER);
    }
}
