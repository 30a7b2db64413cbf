package io.sessionstores.boot;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Installs the session-stores Manager, its store and the expiry valve into Spring Boot's embedded
 * Tomcat, configured by {@code session-stores.*} properties ({@link SessionStoresSettings}).
 * Works on Spring Boot 4.0 (Tomcat 11) and 3.5 (Tomcat 10.1). Off with
 * {@code session-stores.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
@ConditionalOnProperty(prefix = SessionStoresSettings.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
public class SessionStoresAutoConfiguration {

    static final String REDISSON_CLIENT = "org.redisson.api.RedissonClient";
    static final String MBEAN_REGISTRY = "server.tomcat.mbeanregistry.enabled";

    /** The installer, built from the properties (a bad one stops the application here). */
    @Bean
    public SessionStoresInstaller sessionStoresInstaller(Environment environment, ObjectProvider<DataSource> dataSource,
            ApplicationContext context) {
        return new SessionStoresInstaller(SessionStoresSettings.bind(environment), dataSource::getIfUnique,
                () -> redissonClient(context));
    }

    /** The application's RedissonClient bean, when Redisson is on the class path and there is exactly one. */
    private static Object redissonClient(ApplicationContext context) {
        try {
            Class<?> type = Class.forName(REDISSON_CLIENT, false, SessionStoresAutoConfiguration.class.getClassLoader());
            return context.getBeanProvider(type).getIfUnique();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Starts the Manager and the valve while Tomcat starts the context (before it would itself),
     * so that a refused attribute stops the application with its message.
     */
    @Bean
    public ServletContextInitializer sessionStoresStart(SessionStoresInstaller installer) {
        return servletContext -> installer.start();
    }

    /** Spring Boot 4.0: Tomcat 11, factory in {@code org.springframework.boot.tomcat}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = TomcatFactoryAdapter.BOOT4_FACTORY)
    static class Boot4Tomcat {
        @Bean
        TomcatFactoryAdapter sessionStoresTomcat(SessionStoresInstaller installer, Environment environment) {
            return new TomcatFactoryAdapter(TomcatFactoryAdapter.BOOT4_FACTORY, TomcatFactoryAdapter.BOOT4_CUSTOMIZER,
                    installer, !environment.containsProperty(MBEAN_REGISTRY));
        }
    }

    /** Spring Boot 3.5: Tomcat 10.1, factory in {@code org.springframework.boot.web.embedded.tomcat}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = TomcatFactoryAdapter.BOOT3_FACTORY)
    @ConditionalOnMissingClass(TomcatFactoryAdapter.BOOT4_FACTORY)
    static class Boot3Tomcat {
        @Bean
        TomcatFactoryAdapter sessionStoresTomcat(SessionStoresInstaller installer, Environment environment) {
            return new TomcatFactoryAdapter(TomcatFactoryAdapter.BOOT3_FACTORY, TomcatFactoryAdapter.BOOT3_CUSTOMIZER,
                    installer, !environment.containsProperty(MBEAN_REGISTRY));
        }
    }
}
