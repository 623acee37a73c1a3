package org.gnt.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpInstanceCreate;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-instance add}: builds OP_INSTANCE_CREATE from Ganeti's options and runs it. */
@Command(name = "add", description = "Create an instance")
final class InstanceAdd extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = {"-t", "--disk-template"}, required = true, paramLabel = "TEMPLATE",
            description = "diskless, file, plain, drbd, rbd, ...")
    String template;

    @Option(names = {"-o", "--os-type"}, paramLabel = "OS", description = "The OS to install (OS or OS+variant)")
    String os;

    @Option(names = {"-n", "--node"}, paramLabel = "PNODE[:SNODE]", description = "Primary (and secondary) node")
    String node;

    @Option(names = {"-I", "--iallocator"}, paramLabel = "NAME", description = "Allocator choosing the nodes")
    String iallocator;

    @Option(names = {"-g", "--node-group"}, paramLabel = "GROUP", description = "Node group to place the instance in")
    String group;

    @Option(names = "--disk", paramLabel = "N:size=SIZE[,mode=rw|ro,...]", description = "A disk (repeatable)")
    List<String> disks = new ArrayList<>();

    @Option(names = {"-s", "--os-size"}, paramLabel = "SIZE", description = "One disk of this size")
    String osSize;

    @Option(names = {"-B", "--backend-parameters"}, paramLabel = "PARAM=VALUE,...",
            description = "maxmem, minmem, memory, vcpus, auto_balance, always_failover, spindle_use")
    String beparams;

    @Option(names = {"-H", "--hypervisor-parameters"}, paramLabel = "HV[:PARAM=VALUE,...]",
            description = "Hypervisor and its parameters")
    String hvparams;

    @Option(names = {"-O", "--os-parameters"}, paramLabel = "PARAM=VALUE,...", description = "OS parameters")
    String osparams;

    @Option(names = "--net", paramLabel = "N[:PARAM=VALUE,...]", description = "A NIC (repeatable): mac, ip, mode, link, network, name, vlan")
    List<String> nets = new ArrayList<>();

    @Option(names = "--no-nics", description = "Create the instance without NICs (the default here)")
    boolean noNics;

    @Option(names = "--no-start", description = "Do not start the instance after creating it")
    boolean noStart;

    @Option(names = "--no-install", description = "Do not install the OS (implies --no-start)")
    boolean noInstall;

    @Option(names = "--no-name-check", description = "Do not check the instance name via the resolver")
    boolean noNameCheck;

    @Option(names = "--no-ip-check", description = "Do not check that the instance's IP is unused")
    boolean noIpCheck;

    @Option(names = "--no-conflicts-check", description = "Do not check for conflicting IPs")
    boolean noConflictsCheck;

    @Option(names = "--no-wait-for-sync", description = "Do not wait for mirrored disks to sync")
    boolean noWaitForSync;

    @Option(names = "--ignore-ipolicy", description = "Ignore instance policy violations")
    boolean ignoreIpolicy;

    @Option(names = "--file-storage-dir", paramLabel = "DIR", description = "Subdirectory for file disks")
    String fileStorageDir;

    @Option(names = "--file-driver", paramLabel = "DRIVER", description = "loop, blktap or blktap2")
    String fileDriver;

    @Option(names = "--tags", paramLabel = "TAG,...", description = "Tags for the new instance")
    String tags;

    @Parameters(paramLabel = "INSTANCE", description = "The new instance's name")
    String name;

    @Override
    protected int run() {
        ObjectNode op = opcode();
        try (Session s = session()) {
            return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name)), job, program());
        }
    }

    ObjectNode opcode() {
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.put("OP_ID", OpInstanceCreate.OP_ID);
        op.put("instance_name", name);
        op.put("mode", "create");
        op.put("disk_template", template);
        op.set("disks", Json.tree(diskList()));
        NodeCommands.putIfSet(op, "os_type", os);
        if (node != null) {
            int colon = node.indexOf(':');
            op.put("pnode", colon < 0 ? node : node.substring(0, colon));
            if (colon >= 0) {
                op.put("snode", node.substring(colon + 1));
            }
        }
        NodeCommands.putIfSet(op, "iallocator", iallocator);
        NodeCommands.putIfSet(op, "group_name", group);
        op.set("beparams", Json.tree(OptionValues.backendParams(OptionValues.keyValues(beparams, "-B"), "-B")));
        if (hvparams != null) {
            OptionValues.Ident hv = OptionValues.ident(hvparams, "-H");
            op.put("hypervisor", hv.name());
            op.set("hvparams", Json.tree(hv.params()));
        }
        if (osparams != null) {
            op.set("osparams", Json.tree(OptionValues.keyValues(osparams, "-O")));
        }
        if (noNics && !nets.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Cannot use --no-nics together with --net");
        }
        op.set("nics", Json.tree(OptionValues.indexed(nets, "--net", "NIC")));
        if (noNameCheck && !noIpCheck) {
            throw new PluginException(ErrorKind.INVAL,
                    "Cannot do IP address check without a name check; add --no-ip-check");
        }
        op.put("name_check", !noNameCheck);
        op.put("ip_check", !noIpCheck);
        op.put("conflicts_check", !noConflictsCheck);
        op.put("wait_for_sync", !noWaitForSync);
        op.put("ignore_ipolicy", ignoreIpolicy);
        op.put("start", !noStart);
        op.put("no_install", noInstall);
        NodeCommands.putIfSet(op, "file_storage_dir", fileStorageDir);
        NodeCommands.putIfSet(op, "file_driver", fileDriver);
        if (tags != null) {
            op.set("tags", Json.tree(OptionValues.list(tags)));
        }
        return op;
    }

    private List<Map<String, Object>> diskList() {
        if (osSize != null && !disks.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Use either --disk or -s/--os-size, not both");
        }
        List<Map<String, Object>> list = osSize != null
                ? List.of(Map.of("size", OptionValues.sizeMib(osSize, "-s")))
                : OptionValues.disks(disks);
        if (template.equals("diskless") && !list.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Diskless instance but disk information passed");
        }
        if (!template.equals("diskless") && list.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "No disk information specified (use --disk 0:size=SIZE or -s SIZE)");
        }
        return list;
    }
}
