package org.gnt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpClusterSetParams;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gnt-cluster modify} (OP_CLUSTER_SET_PARAMS) for the parameters gnt's cluster object holds.
 * Dictionaries ({@code -B}, {@code -H}, {@code -N}, {@code -D}, {@code --ipolicy-*}) are merged
 * into the cluster's by the master.
 */
@Command(name = "modify", description = "Change cluster parameters")
final class ClusterModify extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = "--enabled-hypervisors", paramLabel = "HV,...", description = "Hypervisors instances may use")
    String hypervisors;

    @Option(names = "--enabled-disk-templates", paramLabel = "TEMPLATE,...", description = "Disk templates instances may use")
    String diskTemplates;

    @Option(names = {"-B", "--backend-parameters"}, paramLabel = "PARAM=VALUE,...", description = "Default backend parameters")
    String beparams;

    @Option(names = {"-H", "--hypervisor-parameters"}, paramLabel = "HV:PARAM=VALUE,...",
            description = "Default parameters of one hypervisor (repeatable)")
    List<String> hvparams = new ArrayList<>();

    @Option(names = {"-C", "--candidate-pool-size"}, paramLabel = "N", description = "Master candidate pool size")
    Integer candidatePoolSize;

    @Option(names = {"-I", "--default-iallocator"}, paramLabel = "NAME", description = "Default instance allocator")
    String defaultIallocator;

    @Option(names = "--file-storage-dir", paramLabel = "DIR", description = "Where file disks are kept on the nodes")
    String fileStorageDir;

    @Mixin
    ClusterParamOptions params = new ClusterParamOptions();

    @Option(names = {"-f", "--force"}, description = "Force the operation")
    boolean force;

    @Override
    protected int run() {
        ObjectNode op = JsonNodeFactory.instance.objectNode();
        op.put("OP_ID", OpClusterSetParams.OP_ID);
        if (hypervisors != null) {
            op.set("enabled_hypervisors", Json.tree(OptionValues.list(hypervisors)));
        }
        if (diskTemplates != null) {
            op.set("enabled_disk_templates", Json.tree(OptionValues.list(diskTemplates)));
        }
        if (beparams != null) {
            op.set("beparams", Json.tree(OptionValues.backendParams(OptionValues.keyValues(beparams, "-B"), "-B")));
        }
        if (!hvparams.isEmpty()) {
            Map<String, Map<String, Object>> hv = new LinkedHashMap<>();
            for (String h : hvparams) {
                OptionValues.Ident id = OptionValues.ident(h, "-H");
                hv.computeIfAbsent(id.name(), k -> new LinkedHashMap<>()).putAll(id.params());
            }
            op.set("hvparams", Json.tree(hv));
        }
        if (candidatePoolSize != null) {
            op.put("candidate_pool_size", candidatePoolSize);
        }
        NodeCommands.putIfSet(op, "default_iallocator", defaultIallocator);
        NodeCommands.putIfSet(op, "file_storage_dir", fileStorageDir);
        params.fill(op);
        if (op.size() == 1) {
            throw new PluginException(ErrorKind.INVAL, "Please give at least one of the parameters.");
        }
        op.put("force", force);
        try (Session s = session()) {
            return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, "cluster")), job, program());
        }
    }
}
