package org.gnt.bus.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.gnt.bus.ZkPaths;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * The RAPI server's self-signed certificate, made at cluster init with the JDK's keytool and kept
 * in ZooKeeper (PKCS12) so any gateway of the cluster serves the same one.
 */
public final class RapiCertificate {
    /** The PKCS12 password; the store's protection is ZooKeeper's access control, not this. */
    public static final String PASSWORD = "gnt-rapi";

    private RapiCertificate() {
    }

    /** Makes the certificate unless one exists. */
    public static void ensure(CuratorFramework curator, ZkPaths paths, String commonName) {
        try {
            if (curator.checkExists().forPath(paths.rapiCertificate()) != null) {
                return;
            }
            byte[] p12 = generate(commonName);
            curator.create().creatingParentsIfNeeded().forPath(paths.rapiCertificate(), p12);
        } catch (KeeperException.NodeExistsException e) {
            // made concurrently
        } catch (PluginException e) {
            throw e;
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot store the RAPI certificate: " + e, e);
        }
    }

    public static byte[] load(CuratorFramework curator, ZkPaths paths) {
        try {
            return curator.getData().forPath(paths.rapiCertificate());
        } catch (KeeperException.NoNodeException e) {
            throw new PluginException(ErrorKind.NOENT, "The cluster has no RAPI certificate; was it initialised?");
        } catch (Exception e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot read the RAPI certificate: " + e, e);
        }
    }

    static byte[] generate(String commonName) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("gnt-cert");
        Path store = dir.resolve("rapi.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "rapi",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
                    "-dname", "CN=" + commonName, "-ext", "SAN=dns:localhost,ip:127.0.0.1"))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new PluginException(ErrorKind.ENVIRON, "keytool failed: " + out);
            }
            return Files.readAllBytes(store);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }
}
