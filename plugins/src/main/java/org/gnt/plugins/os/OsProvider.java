package org.gnt.plugins.os;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gnt.plugins.ParamSpec;

/** An OS definition (Ganeti's OS interface API): installs and renames an instance's OS on its disks. */
public interface OsProvider {
    /** OS API versions this provider speaks. */
    Set<Integer> apiVersions();

    List<String> variants();

    List<ParamSpec> parameters();

    /** Installs the OS onto the instance's disks (create script). */
    void create(OsContext context, boolean reinstall);

    /** Problems with the given OS parameters, empty when they are fine (verify script). */
    List<String> verify(Map<String, String> osParams);
}
