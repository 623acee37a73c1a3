package org.gnt.node.felix;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * An embedded Felix framework: exports the plugin SPI packages from the host class path, installs
 * Declarative Services (SCR) and then the configured plugin bundles. Bundles learn where the node
 * keeps its state through framework properties ({@code gnt.node.*}).
 */
public final class FelixHost implements AutoCloseable {
    /** SPI packages with the version their package-info declares; bundles import [1.0,2). */
    public static final String SPI_PACKAGES = String.join(",",
            "org.gnt.plugins;version=1.0.0",
            "org.gnt.plugins.hypervisor;version=1.2.0",
            "org.gnt.plugins.disk;version=1.2.0",
            "org.gnt.plugins.os;version=1.0.0");

    /** Classes whose jars are the DS runtime bundles, in install order. */
    private static final List<String> INFRA = List.of("org.osgi.util.function.Function",
            "org.osgi.util.promise.Promise", "org.osgi.service.component.ComponentContext",
            "org.apache.felix.scr.impl.Activator");

    private final Framework framework;

    public FelixHost(Path cacheDir, Map<String, String> nodeProperties) {
        Map<String, String> props = new HashMap<>(nodeProperties);
        props.put(Constants.FRAMEWORK_STORAGE, cacheDir.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SPI_PACKAGES);
        this.framework = new FrameworkFactory().newFramework(props);
    }

    /** Starts the framework and DS, then installs and starts the plugin bundles. */
    public FelixHost start(List<Path> pluginBundles) throws BundleException {
        framework.init();
        framework.start();
        List<Bundle> installed = new ArrayList<>();
        for (String cls : INFRA) {
            installed.add(context().installBundle(jarOf(cls).toURI().toString()));
        }
        for (Path p : pluginBundles) {
            installed.add(context().installBundle(p.toUri().toString()));
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        return this;
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** Installed bundles other than the framework itself, as {@code name version}. */
    public List<String> bundles() {
        List<String> out = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            if (b.getBundleId() != 0) {
                out.add(b.getSymbolicName() + " " + b.getVersion() + " " + state(b.getState()));
            }
        }
        return out;
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            default -> "state-" + s;
        };
    }

    private static File jarOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, FelixHost.class.getClassLoader());
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("OSGi runtime jar for " + className + " is not on the class path", e);
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }
}
