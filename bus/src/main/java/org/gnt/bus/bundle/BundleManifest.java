package org.gnt.bus.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * What makes a jar an OSGi bundle we can install: an R4 manifest ({@code Bundle-ManifestVersion: 2})
 * with a symbolic name and a version. Read with the JDK only, so the CLI checks a jar before it
 * is published and the node checks it again before Felix sees it.
 */
public record BundleManifest(String symbolicName, String version) {
    /** OSGi's version syntax: major[.minor[.micro[.qualifier]]]. */
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+(\\.\\d+(\\.[A-Za-z0-9_-]+)?)?)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** The manifest of {@code jar}; {@code ECODE_INVAL} naming what is missing when it is no bundle. */
    public static BundleManifest read(byte[] jar, String what) {
        Manifest m;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            m = in.getManifest();
        } catch (IOException | RuntimeException e) {
            throw new PluginException(ErrorKind.INVAL, what + " is not a jar file: " + e.getMessage());
        }
        if (m == null) {
            throw new PluginException(ErrorKind.INVAL, what + " is not an OSGi bundle: it has no manifest");
        }
        Attributes a = m.getMainAttributes();
        if (!"2".equals(trim(a.getValue("Bundle-ManifestVersion")))) {
            throw new PluginException(ErrorKind.INVAL, what + " is not an OSGi bundle: Bundle-ManifestVersion is "
                    + (a.getValue("Bundle-ManifestVersion") == null ? "missing" : "'" + a.getValue("Bundle-ManifestVersion")
                    + "'") + ", expected 2");
        }
        String name = trim(a.getValue("Bundle-SymbolicName"));
        if (name == null || name.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, what + " is not an OSGi bundle: Bundle-SymbolicName is missing");
        }
        name = trim(name.split(";", 2)[0]); // directives such as ;singleton:=true
        if (!NAME.matcher(name).matches()) {
            throw new PluginException(ErrorKind.INVAL, what + ": Bundle-SymbolicName '" + name + "' is not a valid name");
        }
        String version = trim(a.getValue("Bundle-Version"));
        if (version == null || version.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, what + ": Bundle-Version is missing");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new PluginException(ErrorKind.INVAL, what + ": Bundle-Version '" + version
                    + "' is not an OSGi version (major.minor.micro.qualifier)");
        }
        return new BundleManifest(name, version);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
