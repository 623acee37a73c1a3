package org.gnt.node.plugins;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gnt.plugins.ParamSpec;
import org.gnt.plugins.os.OsContext;
import org.gnt.plugins.os.OsProvider;

/**
 * The {@code noop} OS every node has built in: installs nothing, like the no-op OS definitions
 * admins use with the fake hypervisor and for instances whose disks are filled some other way.
 */
public final class NoopOs implements OsProvider {
    public static final String NAME = "noop";

    @Override
    public Set<Integer> apiVersions() {
        return Set.of(20);
    }

    @Override
    public List<String> variants() {
        return List.of();
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of();
    }

    @Override
    public void create(OsContext context, boolean reinstall) {
        // nothing to install
    }

    @Override
    public List<String> verify(Map<String, String> osParams) {
        return List.of();
    }
}
