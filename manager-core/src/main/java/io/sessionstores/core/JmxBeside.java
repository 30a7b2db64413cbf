package io.sessionstores.core;

import java.util.Hashtable;

import javax.management.ObjectName;

import org.apache.tomcat.util.modeler.Registry;

/**
 * Registers a context's helper MBeans (size analyzer, cache counters, migration) beside its
 * Manager: the Manager's JMX domain and keys with another {@code type}, so jconsole shows them
 * under the same host and context.
 */
public final class JmxBeside {

    private JmxBeside() {
    }

    /**
     * Registers {@code bean} as {@code type} beside the Manager named {@code managerName}
     * (Tomcat's modeler reads the bean's {@code mbeans-descriptors.xml}, or introspects it).
     *
     * @return the name registered under
     * @throws Exception when the name is malformed or JMX refuses the bean
     */
    public static ObjectName register(ObjectName managerName, String type, Object bean) throws Exception {
        Hashtable<String, String> keys = new Hashtable<>(managerName.getKeyPropertyList());
        keys.put("type", type);
        ObjectName name = new ObjectName(managerName.getDomain(), keys);
        Registry.getRegistry(null, null).registerComponent(bean, name, null);
        return name;
    }

    /** Removes a bean registered by {@link #register}; nothing happens for {@code null}. */
    public static void unregister(ObjectName name) {
        if (name != null) {
            Registry.getRegistry(null, null).unregisterComponent(name);
        }
    }
}
