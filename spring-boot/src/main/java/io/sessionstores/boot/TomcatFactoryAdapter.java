package io.sessionstores.boot;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.apache.catalina.Context;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Hands the embedded Tomcat's context to the {@link SessionStoresInstaller}, on either Spring
 * Boot generation. Boot 4 moved the Tomcat factory and its context customizer to
 * {@code org.springframework.boot.tomcat...}; Boot 3.5 has them in
 * {@code org.springframework.boot.web.embedded.tomcat...}, with the same methods. One instance per
 * generation is declared (selected by {@code @ConditionalOnClass}) with that generation's class
 * names, so one jar serves both without compiling against either's Tomcat types.
 *
 * <p>It also turns Tomcat's MBean registry on (Boot turns it off unless
 * {@code server.tomcat.mbeanregistry.enabled} is set), so that the Manager, the store, the valve
 * and the size analyzer are in JMX, as in a standalone Tomcat; setting that property decides.
 * Runs after Boot's own customizers.
 */
final class TomcatFactoryAdapter implements WebServerFactoryCustomizer<WebServerFactory>, Ordered {

    /** Boot 4.0. */
    static final String BOOT4_FACTORY = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory";
    static final String BOOT4_CUSTOMIZER = "org.springframework.boot.tomcat.TomcatContextCustomizer";
    /** Boot 3.5. */
    static final String BOOT3_FACTORY = "org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory";
    static final String BOOT3_CUSTOMIZER = "org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer";

    private final String factoryClass;
    private final String customizerClass;
    private final SessionStoresInstaller installer;
    private final boolean enableMBeanRegistry;

    TomcatFactoryAdapter(String factoryClass, String customizerClass, SessionStoresInstaller installer,
            boolean enableMBeanRegistry) {
        this.factoryClass = factoryClass;
        this.customizerClass = customizerClass;
        this.installer = installer;
        this.enableMBeanRegistry = enableMBeanRegistry;
    }

    @Override
    public void customize(WebServerFactory factory) {
        ClassLoader loader = factory.getClass().getClassLoader();
        try {
            Class<?> factoryType = Class.forName(factoryClass, false, loader);
            if (!factoryType.isInstance(factory)) {
                return;
            }
            Class<?> customizerType = Class.forName(customizerClass, false, loader);
            Object customizers = Array.newInstance(customizerType, 1);
            Array.set(customizers, 0, contextCustomizer(customizerType));
            factoryType.getMethod("addContextCustomizers", customizers.getClass()).invoke(factory, customizers);
            if (enableMBeanRegistry) {
                factoryType.getMethod("setDisableMBeanRegistry", boolean.class).invoke(factory, false);
            }
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("session-stores: customizing " + factoryClass + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("session-stores: this Spring Boot's " + factoryClass
                    + " has no addContextCustomizers/setDisableMBeanRegistry as Boot 3.5 and 4.0 have", e);
        }
    }

    /** A {@code TomcatContextCustomizer} of this generation that installs the Manager. */
    private Object contextCustomizer(Class<?> customizerType) {
        return Proxy.newProxyInstance(customizerType.getClassLoader(), new Class<?>[] {customizerType},
                (proxy, method, args) -> {
                    if ("customize".equals(method.getName()) && args != null && args.length == 1
                            && args[0] instanceof Context context) {
                        installer.install(context);
                        return null;
                    }
                    return objectMethod(proxy, method, args);
                });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "session-stores Manager installer";
            default:
                throw new UnsupportedOperationException(method.toString());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
