package org.gnt.node.plugins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Finds plugin services by kind and name in the OSGi registry at each use, so a bundle updated
 * or replaced at runtime is picked up by the next call without the node service restarting.
 */
public final class PluginRegistry {
    private final BundleContext context;
    private final String node;

    public PluginRegistry(BundleContext context, String node) {
        this.context = context;
        this.node = node;
    }

    /** Runs {@code use} with the plugin of {@code type} named {@code name}; refuses if there is none. */
    public <T, R> R with(Class<T> type, String name, Function<T, R> use) {
        ServiceReference<T> ref = reference(type, name);
        T service = context.getService(ref);
        if (service == null) {
            throw new PluginException(ErrorKind.ENVIRON, kind(type) + " plugin '" + name + "' on node " + node
                    + " went away");
        }
        try {
            return use.apply(service);
        } finally {
            context.ungetService(ref);
        }
    }

    private <T> ServiceReference<T> reference(Class<T> type, String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.+-]+")) {
            throw new PluginException(ErrorKind.INVAL, "Invalid " + kind(type) + " plugin name '" + name + "'");
        }
        try {
            Collection<ServiceReference<T>> refs = context.getServiceReferences(type,
                    "(" + Hypervisor.NAME + "=" + name + ")");
            if (refs.isEmpty()) {
                throw new PluginException(ErrorKind.ENVIRON, "No " + kind(type) + " plugin '" + name
                        + "' is installed on node " + node);
            }
            return refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new PluginException(ErrorKind.INVAL, "Invalid plugin name '" + name + "'");
        }
    }

    /** Names of every installed plugin of {@code type}. */
    public <T> List<String> names(Class<T> type) {
        List<String> out = new ArrayList<>();
        try {
            for (ServiceReference<T> r : context.getServiceReferences(type, null)) {
                Object n = r.getProperty(Hypervisor.NAME);
                if (n != null) {
                    out.add(n.toString());
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static String kind(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "Hypervisor" -> "hypervisor";
            case "DiskDriver" -> "storage";
            case "OsProvider" -> "OS";
            default -> type.getSimpleName();
        };
    }
}
