package org.gnt.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Makes variants of a real bundle jar for update tests: the same classes with manifest headers
 * changed (a new {@code Bundle-Version}, so the jar's sha256 differs; or an import no node can
 * satisfy).
 */
public final class BundleJars {
    private BundleJars() {
    }

    /** A copy of {@code src} at {@code dst} whose manifest has {@code headers} set (others kept). */
    public static Path withHeaders(Path src, Path dst, Map<String, String> headers) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(src))) {
            Manifest m = new Manifest(in.getManifest());
            Attributes a = m.getMainAttributes();
            headers.forEach((k, v) -> a.put(new Attributes.Name(k), v));
            Files.createDirectories(dst.toAbsolutePath().getParent());
            try (OutputStream os = Files.newOutputStream(dst); JarOutputStream out = new JarOutputStream(os, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return dst;
    }

    /** A copy of {@code src} with another {@code Bundle-Version}. */
    public static Path withVersion(Path src, Path dst, String version) throws IOException {
        return withHeaders(src, dst, Map.of("Bundle-Version", version));
    }

    /** The value of one main manifest header of a jar. */
    public static String header(Path jar, String name) throws IOException {
        try (InputStream is = Files.newInputStream(jar); JarInputStream in = new JarInputStream(is)) {
            return in.getManifest().getMainAttributes().getValue(name);
        }
    }
}
