package org.gnt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusConfig;
import org.gnt.bus.TopicAdmin;
import org.gnt.bus.config.ClusterInit;
import org.gnt.bus.config.RapiCertificate;
import org.gnt.bus.opcode.OpInstanceCreate;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-cluster}: cluster-wide commands. */
@Command(name = "gnt-cluster", description = "Cluster administration",
        subcommands = {ClusterCommands.Init.class, ClusterInfo.class, ClusterCommands.Queue.class,
                ClusterLifecycle.Rename.class, ClusterLifecycle.RedistConf.class, ClusterLifecycle.Destroy.class,
                ClusterVerify.class, ClusterVerifyDisks.class, ClusterModify.class, MasterFailover.class,
                TagCommands.ClusterAdd.class, TagCommands.ClusterRemove.class, TagCommands.ClusterList.class,
                TagCommands.Search.class})
public final class ClusterCommands extends GroupCommand {

    /** {@code gnt-cluster init}: writes the cluster's configuration, topics and RAPI certificate. */
    @Command(name = "init", description = "Initialise a new cluster")
    static final class Init extends GntCommand {
        static final String DEFAULT_FILE_STORAGE_DIR = "/srv/ganeti/file-storage";

        @Option(names = "--enabled-hypervisors", paramLabel = "HV,...", defaultValue = "kvm",
                description = "Hypervisors instances may use; the first is the default (default: ${DEFAULT-VALUE})")
        String hypervisors;

        @Option(names = "--enabled-disk-templates", paramLabel = "TEMPLATE,...", defaultValue = "drbd,plain",
                description = "Disk templates instances may use (default: ${DEFAULT-VALUE})")
        String diskTemplates;

        @Option(names = {"-B", "--backend-parameters"}, paramLabel = "PARAM=VALUE,...",
                description = "Default backend parameters (maxmem, minmem, vcpus, auto_balance, ...)")
        String beparams;

        @Option(names = {"-H", "--hypervisor-parameters"}, paramLabel = "HV:PARAM=VALUE,...",
                description = "Default parameters of one hypervisor (repeatable)")
        List<String> hvparams = new ArrayList<>();

        @Option(names = "--file-storage-dir", paramLabel = "DIR", defaultValue = DEFAULT_FILE_STORAGE_DIR,
                description = "Where file disks are kept on the nodes (default: ${DEFAULT-VALUE})")
        String fileStorageDir;

        @Option(names = {"-I", "--default-iallocator"}, paramLabel = "NAME", description = "Default instance allocator")
        String defaultIallocator;

        @Option(names = {"-C", "--candidate-pool-size"}, paramLabel = "N", description = "Master candidate pool size")
        Integer candidatePoolSize;

        @Mixin
        ClusterParamOptions params = new ClusterParamOptions();

        @Mixin
        SpecsOptions specs = new SpecsOptions();

        @Parameters(paramLabel = "CLUSTER_NAME", description = "The cluster's name")
        String name;

        @Override
        protected int run() {
            List<String> hvs = OptionValues.list(hypervisors);
            List<String> templates = OptionValues.list(diskTemplates);
            checkName(name);
            for (String t : templates) {
                if (!OpInstanceCreate.DISK_TEMPLATES.contains(t)) {
                    throw new PluginException(ErrorKind.INVAL, "Invalid disk template '" + t + "'; known: "
                            + String.join(", ", OpInstanceCreate.DISK_TEMPLATES.stream().sorted().toList()));
                }
            }
            Map<String, Object> be = OptionValues.backendParams(OptionValues.keyValues(beparams, "-B"), "-B");
            Map<String, Map<String, Object>> hv = new LinkedHashMap<>();
            for (String h : hvparams) {
                OptionValues.Ident id = OptionValues.ident(h, "-H");
                hv.computeIfAbsent(id.name(), k -> new LinkedHashMap<>()).putAll(id.params());
            }
            Map<String, Object> ipolicy = specs.merge(params.ipolicy(), params.boundsSpecs != null,
                    params.stdSpecs != null);
            ClusterInit.Settings settings = new ClusterInit.Settings(ipolicy.isEmpty() ? null : ipolicy, params.nic(),
                    params.disk(), null, params.health(), defaultIallocator, candidatePoolSize);
            // everything checked before anything (topics, znodes) is created
            ClusterInit.build(name, hvs, templates, be, hv, fileStorageDir, settings);
            try (Session s = session()) {
                BusConfig bus = s.bus();
                CuratorFramework curator = s.curator();
                if (ClusterInit.isInitialised(curator, bus.paths())) {
                    throw alreadyInitialised(bus);
                }
                try {
                    TopicAdmin.ensureClusterTopics(bus);
                } catch (RuntimeException e) {
                    throw new CliException("Cannot create the cluster's topics in Kafka at " + bus.bootstrapServers()
                            + ": " + e.getMessage() + "\nIs the cluster running?");
                }
                try {
                    ClusterInit.init(curator, bus.paths(), name, hvs, templates, be, hv, fileStorageDir, settings);
                } catch (PluginException e) {
                    throw e.kind() == ErrorKind.EXISTS ? alreadyInitialised(bus) : e;
                }
                RapiCertificate.ensure(curator, bus.paths(), name);
                out().println("Cluster " + name + " initialised (ZooKeeper " + bus.paths().root() + ", Kafka topics "
                        + "gnt." + bus.cluster() + ".*)");
            }
            return ExitCodes.SUCCESS;
        }

        private static PluginException alreadyInitialised(BusConfig bus) {
            return new PluginException(ErrorKind.STATE, "Cluster is already initialised: cluster '" + bus.cluster()
                    + "' exists in ZooKeeper " + bus.zkConnect() + " (" + bus.paths().root() + ")");
        }

        private static void checkName(String name) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
                throw new PluginException(ErrorKind.INVAL, "Invalid cluster name '" + name
                        + "': use a host name (letters, digits, '.', '-')");
            }
        }
    }

    /** {@code gnt-cluster queue drain|undrain|info}: while drained, new jobs are refused. */
    @Command(name = "queue", description = "Drain, undrain or show the job queue")
    static final class Queue extends GntCommand {
        @picocli.CommandLine.Parameters(paramLabel = "drain|undrain|info", description = "What to do")
        String action;

        @Override
        protected int run() {
            try (Session s = session()) {
                switch (action) {
                    case "drain" -> s.jobs().setDrained(true);
                    case "undrain" -> s.jobs().setDrained(false);
                    case "info" -> out().println("The drain flag is " + (s.jobs().isDrained() ? "set" : "unset"));
                    default -> throw new CliException("Unknown queue action '" + action + "': use drain, undrain or info");
                }
            }
            return ExitCodes.SUCCESS;
        }
    }
}
