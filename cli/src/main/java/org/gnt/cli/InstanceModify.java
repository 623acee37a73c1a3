package org.gnt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.bus.opcode.OpInstanceSetParams;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gnt-instance modify} (OP_INSTANCE_SET_PARAMS). {@code --net}/{@code --disk} take
 * Ganeti's forms: {@code add[:k=v,...]}, {@code N:add,k=v,...}, {@code [ID:]remove},
 * {@code ID:modify,...} (the last refused by the cluster for now). "default" as a value resets a
 * parameter to what the instance inherits.
 */
@Command(name = "modify", description = "Change an instance's parameters, NICs and disks")
final class InstanceModify extends GntCommand {
    private static final Set<String> OPS = Set.of("add", "remove", "modify", "attach", "detach");

    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = {"-H", "--hypervisor-parameters"}, paramLabel = "PARAM=VALUE,...", description = "Hypervisor parameters")
    String hvparams;

    @Option(names = {"-B", "--backend-parameters"}, paramLabel = "PARAM=VALUE,...", description = "Backend parameters")
    String beparams;

    @Option(names = {"-O", "--os-parameters"}, paramLabel = "PARAM=VALUE,...", description = "OS parameters")
    String osparams;

    @Option(names = {"-m", "--runtime-memory"}, paramLabel = "SIZE", description = "Balloon the running instance to SIZE")
    String runtimeMemory;

    @Option(names = "--net", paramLabel = "add[:opts]|N:add,opts|[ID:]remove", description = "A NIC change (repeatable)")
    List<String> nets = new ArrayList<>();

    @Option(names = "--disk", paramLabel = "add:size=S[,opts]|N:add,size=S|[ID:]remove", description = "A disk change (repeatable)")
    List<String> disks = new ArrayList<>();

    @Option(names = {"-o", "--os-type"}, paramLabel = "OS", description = "Change the OS name (no reinstall)")
    String osName;

    @Option(names = "--offline", description = "Mark the (stopped) instance offline")
    boolean offline;

    @Option(names = "--online", description = "Take the instance out of the offline state")
    boolean online;

    @Option(names = "--hotplug", description = "Plug NIC and disk changes into the running instance now")
    boolean hotplug;

    @Option(names = "--hotplug-if-possible", description = "Hotplug when the hypervisor can, else at the next restart")
    boolean hotplugIfPossible;

    @Option(names = {"-f", "--force"}, description = "Force (e.g. runtime memory outside minmem..maxmem)")
    boolean force;

    @Option(names = "--ignore-ipolicy", description = "Ignore instance policy violations")
    boolean ignoreIpolicy;

    @Parameters(paramLabel = "INSTANCE", description = "The instance to modify")
    String name;

    @Override
    protected int run() {
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.put("OP_ID", OpInstanceSetParams.OP_ID);
        op.put("instance_name", name);
        if (hvparams != null) {
            op.set("hvparams", Json.tree(OptionValues.keyValues(hvparams, "-H")));
        }
        if (beparams != null) {
            op.set("beparams", Json.tree(backend(OptionValues.keyValues(beparams, "-B"))));
        }
        if (osparams != null) {
            op.set("osparams", Json.tree(OptionValues.keyValues(osparams, "-O")));
        }
        if (runtimeMemory != null) {
            op.put("runtime_mem", OptionValues.sizeMib(runtimeMemory, "--runtime-memory"));
        }
        if (!nets.isEmpty()) {
            op.set("nics", Json.tree(changes(nets, "--net", false)));
        }
        if (!disks.isEmpty()) {
            op.set("disks", Json.tree(changes(disks, "--disk", true)));
        }
        NodeCommands.putIfSet(op, "os_name", osName);
        if (offline && online) {
            throw new PluginException(ErrorKind.INVAL, "Can't use --offline and --online at the same time");
        }
        if (offline || online) {
            op.put("offline", offline);
        }
        if (op.size() == 2) {
            throw new PluginException(ErrorKind.INVAL, "Please give at least one of the parameters.");
        }
        op.put("hotplug", hotplug);
        op.put("hotplug_if_possible", hotplugIfPossible);
        op.put("force", force);
        op.put("ignore_ipolicy", ignoreIpolicy);
        try (Session s = session()) {
            JobRunner runner = new JobRunner(s, out(), err());
            int rc = runner.run(List.of(JobRunner.Job.of(op, name)), job, program());
            for (JobState j : runner.finished()) {
                JsonNode result = j.ops().get(0).result();
                if (j.status() == JobStatus.SUCCESS && result != null && result.size() > 0) {
                    out().println("Modified instance " + name);
                    for (JsonNode change : result) {
                        out().println(" - " + change.get(0).asText() + " -> " + change.get(1).asText());
                    }
                    out().println("Please don't forget that most parameters take effect only at the next (re)start"
                            + " of the instance initiated by gnt; restarting from within the instance will not be enough.");
                }
            }
            return rc;
        }
    }

    /** Typed backend parameters; "default" passes through as the reset marker. */
    private static Map<String, Object> backend(Map<String, Object> raw) {
        Map<String, Object> typed = new LinkedHashMap<>();
        Map<String, Object> resets = new LinkedHashMap<>();
        raw.forEach((k, v) -> (("default".equals(v)) ? resets : typed).put(k, v));
        Map<String, Object> out = new LinkedHashMap<>();
        if (typed.containsKey("memory")) {
            // keep the legacy key: the cluster sets both bounds from it (and resets them with "default")
            out.put("memory", OptionValues.sizeMib(String.valueOf(typed.remove("memory")), "-B memory"));
        }
        out.putAll(OptionValues.backendParams(typed, "-B"));
        out.putAll(resets);
        return out;
    }

    /** Ganeti's modification syntax to {@code [op, index, params]} triples. */
    static List<List<Object>> changes(List<String> specs, String option, boolean disks) {
        List<List<Object>> out = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String head = colon < 0 ? spec : spec.substring(0, colon);
            Map<String, Object> params = colon < 0 ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(OptionValues.keyValues(spec.substring(colon + 1), option));
            String op;
            Object index;
            if (OPS.contains(head)) {
                op = head;
                index = -1;
            } else {
                index = head.matches("-?\\d+") ? (Object) Integer.parseInt(head) : head;
                op = null;
                for (String candidate : OPS) {
                    if (Boolean.TRUE.equals(params.get(candidate))) {
                        if (op != null) {
                            throw new PluginException(ErrorKind.INVAL, option + " " + spec + ": more than one operation");
                        }
                        op = candidate;
                    }
                }
                if (op != null) {
                    params.remove(op);
                } else {
                    op = "modify"; // the old N:key=value form
                }
            }
            if (disks && op.equals("add")) {
                if (!params.containsKey("size")) {
                    throw new PluginException(ErrorKind.INVAL, option + " " + spec + ": adding a disk needs size=SIZE");
                }
                params.put("size", OptionValues.sizeMib(String.valueOf(params.get("size")), option + " size"));
            }
            if (op.equals("remove") && !params.isEmpty()) {
                throw new PluginException(ErrorKind.INVAL, option + " " + spec + ": remove takes no parameters");
            }
            List<Object> change = new ArrayList<>();
            change.add(op);
            change.add(index);
            change.add(params);
            out.add(change);
        }
        return out;
    }
}
