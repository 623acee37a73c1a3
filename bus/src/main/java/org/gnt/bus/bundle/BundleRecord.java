package org.gnt.bus.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * A plugin bundle on the compacted {@code bundles} topic, keyed by its symbolic name: the jar
 * itself (base64 in JSON) with the metadata a node compares before installing it. The newest
 * record per name is the version every node should run.
 */
public record BundleRecord(int v, String symbolicName, String version, String sha256, long size, byte[] jar,
                           Instant time) {
    public static final int VERSION = 1;
    /** The largest jar accepted; the topic and producers allow its base64 form plus the JSON around it. */
    public static final int MAX_JAR_BYTES = 8 << 20;
    /** max.message.bytes of the topic and max.request.size of bundle producers (base64 is 4/3 of the jar). */
    public static final int MAX_MESSAGE_BYTES = 12 << 20;

    public BundleRecord {
        Objects.requireNonNull(symbolicName, "symbolicName is null");
        Objects.requireNonNull(version, "version is null");
        Objects.requireNonNull(sha256, "sha256 is null");
        Objects.requireNonNull(jar, "jar is null");
        time = time == null ? Instant.EPOCH : time;
    }

    /**
     * A record for {@code jar} after checking it is a bundle no larger than {@link #MAX_JAR_BYTES};
     * {@code ECODE_INVAL} naming the problem otherwise.
     */
    public static BundleRecord of(byte[] jar, String what, Instant time) {
        if (jar.length > MAX_JAR_BYTES) {
            throw new PluginException(ErrorKind.INVAL, what + " is " + jar.length + " bytes; bundles may be at most "
                    + MAX_JAR_BYTES + " bytes");
        }
        BundleManifest m = BundleManifest.read(jar, what);
        return new BundleRecord(VERSION, m.symbolicName(), m.version(), sha256(jar), jar.length, jar, time);
    }

    /**
     * Checks that the jar is what the metadata says (digest, size, manifest name and version), so a
     * node never installs a record whose key or digest lies; returns the manifest.
     */
    public BundleManifest verify() {
        String what = "bundle " + symbolicName + " " + version;
        if (jar.length != size || !sha256(jar).equals(sha256)) {
            throw new PluginException(ErrorKind.INVAL, what + ": the jar does not match its size/sha256");
        }
        BundleManifest m = BundleManifest.read(jar, what);
        if (!m.symbolicName().equals(symbolicName) || !m.version().equals(version)) {
            throw new PluginException(ErrorKind.INVAL, what + ": the jar's manifest says " + m.symbolicName() + " "
                    + m.version());
        }
        return m;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BundleRecord[" + symbolicName + " " + version + " sha256=" + sha256 + " size=" + size + "]";
    }
}
