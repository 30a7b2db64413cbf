package io.sessionstores.core.support;

import java.util.Hashtable;

import javax.management.ObjectName;

import org.apache.tomcat.util.modeler.Registry;

/**
 * Registers a component in JMX beside a Manager: the Manager's domain, host and context with
 * another {@code type}, e.g. {@code Catalina:type=Store,host=localhost,context=/shop}. Tomcat's
 * modeler describes it from the {@code mbeans-descriptors.xml} in the component's package.
 */
public final class BesideManager {

    private BesideManager() {
    }

    /** Registers {@code component} as {@code type} beside {@code managerName}; returns its name. */
    public static ObjectName register(Object component, ObjectName managerName, String type) throws Exception {
        Hashtable<String, String> keys = new Hashtable<>(managerName.getKeyPropertyList());
        keys.put("type", type);
        ObjectName name = new ObjectName(managerName.getDomain(), keys);
        Registry.getRegistry(null, null).registerComponent(component, name, null);
        return name;
    }

    /** Leaves JMX; nothing when {@code name} is {@code null}. */
    public static void unregister(ObjectName name) {
        if (name != null) {
            Registry.getRegistry(null, null).unregisterComponent(name);
        }
    }
}
