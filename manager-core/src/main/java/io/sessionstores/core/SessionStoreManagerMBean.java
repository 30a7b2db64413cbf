package io.sessionstores.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import javax.management.AttributeNotFoundException;
import javax.management.MBeanException;
import javax.management.ReflectionException;

import org.apache.tomcat.util.modeler.BaseModelMBean;

import io.sessionstores.core.engine.ManagerStats;

/**
 * The Manager's model MBean (named by {@code className} in its {@code mbeans-descriptors.xml}):
 * the statistics attributes (store-call latency among them) are read from the Manager's {@link ManagerStats}, which keeps the
 * counters and their getters, so that the Manager itself holds only its lifecycle and settings;
 * every other attribute and operation is the Manager's own, as for any Tomcat component.
 */
public class SessionStoreManagerMBean extends BaseModelMBean {

    /** Attribute name -> getter on {@link ManagerStats} ({@code getLoads} is attribute {@code loads}). */
    private static final Map<String, Method> STATISTICS = statistics();

    private static Map<String, Method> statistics() {
        Map<String, Method> getters = new HashMap<>();
        for (Method m : ManagerStats.class.getMethods()) {
            String name = m.getName();
            if (name.startsWith("get") && name.length() > 3 && m.getParameterCount() == 0
                    && m.getDeclaringClass() == ManagerStats.class && !Modifier.isStatic(m.getModifiers())) {
                getters.put(Character.toLowerCase(name.charAt(3)) + name.substring(4), m);
            }
        }
        return Map.copyOf(getters);
    }

    /**
     * Tomcat's standard operations by session id and {@code listSessionIds} answer from the store
     * ({@link StoredSessionOperations}); every other operation is the Manager's own.
     */
    @Override
    public Object invoke(String name, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        if (!StoredSessionOperations.NAMES.contains(name) || !(resource instanceof SessionStoreManager manager)) {
            return super.invoke(name, params, signature);
        }
        try {
            return StoredSessionOperations.invoke(manager, name, params == null ? new Object[0] : params);
        } catch (RuntimeException e) {
            throw new MBeanException(e, name + ": " + e.getMessage());
        }
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException, MBeanException, ReflectionException {
        if (!(resource instanceof SessionStoreManager manager)) {
            return super.getAttribute(name);
        }
        Double latency = manager.statistics().latencyAttribute(name);
        if (latency != null) {
            return latency;
        }
        Method getter = STATISTICS.get(name);
        if (getter == null) {
            return super.getAttribute(name);
        }
        try {
            return getter.invoke(manager.statistics());
        } catch (InvocationTargetException e) {
            throw new MBeanException(e.getCause() instanceof Exception cause ? cause : e, "statistic " + name);
        } catch (IllegalAccessException e) {
            throw new ReflectionException(e, "statistic " + name);
        }
    }
}
