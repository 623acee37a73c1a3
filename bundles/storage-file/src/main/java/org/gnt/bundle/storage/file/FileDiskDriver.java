package org.gnt.bundle.storage.file;

import java.io.IOException;
import java.nio.file.Path;

import org.gnt.plugins.disk.DiskDriver;
import org.gnt.plugins.hypervisor.Hypervisor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code file} disk template: {@code <node storage dir>/file/<instance>/disk<N>}, seen by this node only. */
@Component(service = DiskDriver.class, property = Hypervisor.NAME + "=file")
public final class FileDiskDriver extends FileTreeDriver {
    static final String NAME = "file";

    @Activate
    void activate(BundleContext context) throws IOException {
        String dir = context.getProperty("gnt.node.storage.dir");
        init(NAME, Path.of(dir == null ? System.getProperty("java.io.tmpdir") : dir, NAME));
    }
}
