package org.gnt.node.felix;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;
import org.gnt.bus.bundle.BundleRecord;
import org.gnt.bus.state.BundleStatus;

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

    /** How long an updated bundle may take to register its services again (the kvm probe takes seconds). */
    private static final long SERVICES_WAIT_MS = 60_000;

    private final Framework framework;
    /** Per bundle id: the jar it was installed or last updated from, and that jar's sha256. */
    private final Map<Long, Path> sources = new ConcurrentHashMap<>();
    private final Map<Long, String> digests = new ConcurrentHashMap<>();
    /** Per symbolic name: why the newest published version was refused here (shown in the inventory). */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

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
            installed.add(installFrom(jarOf(cls).toPath()));
        }
        for (Path p : pluginBundles) {
            installed.add(installFrom(p));
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

    private Bundle installFrom(Path jar) throws BundleException {
        Bundle b = context().installBundle(jar.toUri().toString());
        sources.put(b.getBundleId(), jar);
        digests.put(b.getBundleId(), digest(jar));
        return b;
    }

    /** The installed bundle with this symbolic name (the framework itself excluded). */
    public Optional<Bundle> find(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (b.getBundleId() != 0 && symbolicName.equals(b.getSymbolicName())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The sha256 of the jar the bundle was installed or last updated from. */
    public Optional<String> digest(Bundle b) {
        return Optional.ofNullable(digests.get(b.getBundleId()));
    }

    /**
     * Installs and starts a bundle not present yet. If it cannot start (unresolvable imports,
     * failing activator) it is uninstalled again and the exception thrown: nothing changed.
     */
    public synchronized Bundle install(Path jar) throws BundleException {
        Bundle b = installFrom(jar);
        try {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
            return b;
        } catch (BundleException | RuntimeException e) {
            forget(b);
            b.uninstall();
            refresh(List.of(b));
            throw e;
        }
    }

    /**
     * Updates a bundle in place from {@code jar}, as OSGi does it: the bundle is stopped, its new
     * revision started, the old revision dropped by a refresh (waited for). Services are torn
     * down and registered again; state that lives outside the bundle (running VMs, their pid and
     * QMP files) is untouched, so the new code finds it. When the new revision cannot start, the
     * old jar is put back the same way and the exception thrown: the node keeps the old bundle.
     * Returns once the bundle has registered as many services as before (or a minute passed).
     */
    public synchronized void update(Bundle b, Path jar) throws BundleException {
        Path old = sources.get(b.getBundleId());
        int services = b.getRegisteredServices() == null ? 0 : b.getRegisteredServices().length;
        boolean active = b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING;
        try {
            replace(b, jar, active);
        } catch (BundleException | RuntimeException e) {
            if (old != null) {
                try {
                    replace(b, old, active);
                } catch (BundleException | RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        awaitServices(b, services);
    }

    private void replace(Bundle b, Path jar, boolean start) throws BundleException {
        try (InputStream in = Files.newInputStream(jar)) {
            b.update(in); // stops, updates, and starts again a bundle that was active
        } catch (IOException e) {
            throw new BundleException("cannot read " + jar + ": " + e, e);
        }
        sources.put(b.getBundleId(), jar);
        digests.put(b.getBundleId(), digest(jar));
        refresh(List.of(b));
        if (start && b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
            b.start(); // refresh restarts what it stopped, but not a bundle whose start failed in update
        }
    }

    /** Refreshes the bundles and waits for the framework to finish (PACKAGES_REFRESHED). */
    private void refresh(List<Bundle> bundles) throws BundleException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        framework.adapt(FrameworkWiring.class).refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                error.compareAndSet(null, event.getThrowable());
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new BundleException("refreshing " + bundles + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while refreshing " + bundles, e);
        }
        if (error.get() != null) {
            throw new BundleException("refreshing " + bundles + " failed: " + error.get(), error.get());
        }
    }

    private static void awaitServices(Bundle b, int count) {
        long end = System.currentTimeMillis() + SERVICES_WAIT_MS;
        while (System.currentTimeMillis() < end && b.getState() == Bundle.ACTIVE
                && (b.getRegisteredServices() == null ? 0 : b.getRegisteredServices().length) < count) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The bundle's current jar now lives at {@code jar} (same content, moved to the node's store). */
    public void keptAt(Bundle b, Path jar) {
        sources.put(b.getBundleId(), jar);
    }

    private void forget(Bundle b) {
        sources.remove(b.getBundleId());
        digests.remove(b.getBundleId());
    }

    /** Notes that the newest published version of {@code symbolicName} was refused here, and why. */
    public void refused(String symbolicName, String why) {
        refusals.put(symbolicName, why);
    }

    /** Clears a refusal: the node now runs the newest published version. */
    public void accepted(String symbolicName) {
        refusals.remove(symbolicName);
    }

    /** Each installed bundle with version, digest and state, and each refused name with no bundle installed. */
    public List<BundleStatus> bundleInfo() {
        List<BundleStatus> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Bundle b : context().getBundles()) {
            if (b.getBundleId() != 0) {
                String name = String.valueOf(b.getSymbolicName());
                seen.add(name);
                out.add(new BundleStatus(name, b.getVersion().toString(), digests.getOrDefault(b.getBundleId(), ""),
                        state(b.getState()), refusals.getOrDefault(name, "")));
            }
        }
        refusals.forEach((name, why) -> {
            if (!seen.contains(name)) {
                out.add(new BundleStatus(name, "", "", "failed", why));
            }
        });
        return out;
    }

    static String digest(Path jar) {
        try {
            return BundleRecord.sha256(Files.readAllBytes(jar));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle " + jar, e);
        }
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
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
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
