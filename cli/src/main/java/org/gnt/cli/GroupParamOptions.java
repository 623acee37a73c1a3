package org.gnt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Option;

/**
 * The parameter options of {@code gnt-group add} and {@code modify}, Ganeti's names: they fill
 * OP_GROUP_ADD / OP_GROUP_SET_PARAMS' {@code alloc_policy}, {@code ndparams}, {@code diskparams}
 * and {@code ipolicy}. Values stay text; the opcode checks and converts them.
 */
public final class GroupParamOptions {
    @Option(names = "--alloc-policy", paramLabel = "POLICY", description = "preferred, last_resort or unallocable")
    String allocPolicy;

    @Option(names = {"-N", "--node-parameters"}, paramLabel = "KEY=VAL,...", description = "Node parameters")
    String ndparams;

    @Option(names = {"-D", "--disk-parameters"}, paramLabel = "TEMPLATE:KEY=VAL,...",
            description = "Disk template parameters (repeatable)")
    List<String> diskparams = new ArrayList<>();

    @Option(names = "--ipolicy-bounds-specs", paramLabel = "min:KEY=VAL,...//max:KEY=VAL,...",
            description = "Instance spec bounds (pairs separated by //)")
    String boundsSpecs;

    @Option(names = "--ipolicy-disk-templates", paramLabel = "TEMPLATE,...", description = "Allowed disk templates")
    String diskTemplates;

    @Option(names = "--ipolicy-vcpu-ratio", paramLabel = "RATIO", description = "Maximum vCPUs per physical CPU")
    String vcpuRatio;

    @Option(names = "--ipolicy-spindle-ratio", paramLabel = "RATIO", description = "Maximum instances per spindle")
    String spindleRatio;

    /** Adds what was given to the opcode; returns whether anything was. */
    boolean fill(ObjectNode op) {
        boolean any = false;
        if (allocPolicy != null) {
            op.put("alloc_policy", allocPolicy);
            any = true;
        }
        if (ndparams != null) {
            op.set("ndparams", Json.tree(OptionValues.keyValues(ndparams, "--node-parameters")));
            any = true;
        }
        if (!diskparams.isEmpty()) {
            Map<String, Object> disk = new LinkedHashMap<>();
            for (String d : diskparams) {
                OptionValues.Ident id = OptionValues.ident(d, "--disk-parameters");
                disk.put(id.name(), id.params());
            }
            op.set("diskparams", Json.tree(disk));
            any = true;
        }
        Map<String, Object> ipolicy = new LinkedHashMap<>();
        if (boundsSpecs != null) {
            ipolicy.put("minmax", bounds(boundsSpecs));
        }
        if (diskTemplates != null) {
            ipolicy.put("disk-templates", OptionValues.list(diskTemplates));
        }
        if (vcpuRatio != null) {
            ipolicy.put("vcpu-ratio", vcpuRatio);
        }
        if (spindleRatio != null) {
            ipolicy.put("spindle-ratio", spindleRatio);
        }
        if (!ipolicy.isEmpty()) {
            op.set("ipolicy", Json.tree(ipolicy));
            any = true;
        }
        return any;
    }

    /** {@code min:cpu-count=1,...//max:cpu-count=8,...[//min:...//max:...]} to Ganeti's minmax list. */
    static List<Map<String, Object>> bounds(String text) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> pair = new LinkedHashMap<>();
        for (String part : text.split("//")) {
            OptionValues.Ident id = OptionValues.ident(part.strip(), "--ipolicy-bounds-specs");
            if (!id.name().equals("min") && !id.name().equals("max")) {
                throw new PluginException(ErrorKind.INVAL, "Invalid '--ipolicy-bounds-specs': expected min: or max:,"
                        + " got '" + id.name() + "'");
            }
            if (pair.containsKey(id.name())) {
                out.add(pair);
                pair = new LinkedHashMap<>();
            }
            pair.put(id.name(), id.params());
        }
        out.add(pair);
        return out;
    }
}
