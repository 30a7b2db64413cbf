/**
 * In-container test harness: a real embedded Tomcat (10.1 and 11), a test web application and an
 * HTTP client, reusable from every module through manager-core's test-jar.
 *
 * <h2>What runs</h2>
 * Arquillian 1.10.1.Final with JUnit 5 ({@code arquillian-junit5-container}) and the embedded
 * Tomcat adapter {@code arquillian-tomcat-embedded-10} 1.2.0.Final, which drives Tomcat 10.1.62
 * and 11.0.29 alike (there is no -11 adapter). One {@code mvn verify} runs failsafe twice: the
 * {@code tomcat-10.1} execution runs every {@code *IT} on the compile-time
 * {@code tomcat-embed-core} 10.1.62; the {@code tomcat-11} execution swaps in 11.0.29 and runs the
 * classes tagged {@value io.sessionstores.core.it.InContainerTest#TAG}. {@link
 * io.sessionstores.core.it.TomcatVersionIT} proves each execution ran the Tomcat it promised.
 * Reports: {@code target/failsafe-reports-tomcat-10.1} and {@code target/failsafe-reports-tomcat-11}.
 *
 * <h2>Adding an in-container test</h2>
 * <ol>
 *   <li>Module pom, test scope: {@code manager-core} {@code test-jar},
 *       {@code org.jboss.arquillian.junit5:arquillian-junit5-container} and
 *       {@code org.jboss.arquillian.container:arquillian-tomcat-embedded-10} (versions from the
 *       parent's imported boms); {@code tomcat-embed-core} is already there as {@code provided}.</li>
 *   <li>One Tomcat, deployed by Arquillian: annotate the class {@link
 *       io.sessionstores.core.it.InContainerTest}, add
 *       {@code @Deployment(testable = false) static WebArchive app()} returning
 *       {@code SessionTestApp.war(contextXml)}, inject {@code @ArquillianResource URL base} and
 *       talk to it with a {@link io.sessionstores.core.it.SessionClient}. A Manager that should
 *       behave like Tomcat's own extends {@link io.sessionstores.core.contract.SessionBehaviourContract}
 *       instead. The container comes from manager-core's {@code arquillian.xml} (free port
 *       reserved by the build, engine {@code Catalina}, host {@code 127.0.0.1}: the store's
 *       application name is {@link io.sessionstores.core.it.SessionTestApp#ARQUILLIAN_APP_NAME}).</li>
 *   <li>Several Tomcats, restarts, redeploys: start {@link io.sessionstores.core.it.TomcatNode}s
 *       and tag the class {@code @Tag(InContainerTest.TAG)}. Two Arquillian containers in one
 *       JVM (an arquillian.xml {@code <group>}) do serve, but their JNDI contexts collide; plain
 *       TomcatNodes do not. Only one node at a time may use JNDI
 *       ({@link io.sessionstores.core.it.TomcatNode#startWithNaming}).</li>
 *   <li>The Manager and store come from the test class path (as from {@code $CATALINA_BASE/lib});
 *       the webapp's classes from its WAR, so a {@code SessionStoreManager} must allow them:
 *       {@code allowedClassNames="}{@link io.sessionstores.core.it.SessionTestApp#WEBAPP_CLASSES}{@code "}.</li>
 *   <li>A test needing PostgreSQL, MariaDB or Redis fails (never skips) when it is missing.</li>
 * </ol>
 * Expect a logged {@code ClassNotFoundException ... JspServlet} per Arquillian deployment: the
 * adapter registers Tomcat's JSP servlet and Jasper is not on the class path. It is harmless.
 */
package io.sessionstores.core.it;

import io.sessionstores.core.contract.SessionBehaviourContract;
