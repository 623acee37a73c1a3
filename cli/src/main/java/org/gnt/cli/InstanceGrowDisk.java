package org.gnt.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gnt.bus.Json;
import org.gnt.bus.opcode.OpInstanceGrowDisk;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gnt-instance grow-disk [--absolute] INSTANCE DISK AMOUNT} (OP_INSTANCE_GROW_DISK); AMOUNT like 512, 1G. */
@Command(name = "grow-disk", description = "Grow one disk of an instance")
final class InstanceGrowDisk extends GntCommand {
    @Mixin
    JobOptions job = new JobOptions();

    @Option(names = "--absolute", description = "AMOUNT is the new size, not the growth")
    boolean absolute;

    @Option(names = "--no-wait-for-sync", description = "Do not wait for mirrored disks to resync")
    boolean noWaitForSync;

    @Option(names = "--ignore-ipolicy", description = "Ignore instance policy violations")
    boolean ignoreIpolicy;

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance")
    String name;

    @Parameters(index = "1", paramLabel = "DISK", description = "Disk index (0 is the first disk)")
    String disk;

    @Parameters(index = "2", paramLabel = "AMOUNT", description = "MiB, or with unit m, g, t")
    String amount;

    @Override
    protected int run() {
        int index;
        try {
            index = Integer.parseInt(disk);
        } catch (NumberFormatException e) {
            throw new PluginException(ErrorKind.INVAL, "Invalid disk index '" + disk + "': expected a number");
        }
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.put("OP_ID", OpInstanceGrowDisk.OP_ID);
        op.put("instance_name", name);
        op.put("disk", index);
        op.put("amount", OptionValues.sizeMib(amount, "AMOUNT"));
        op.put("absolute", absolute);
        op.put("wait_for_sync", !noWaitForSync);
        op.put("ignore_ipolicy", ignoreIpolicy);
        try (Session s = session()) {
            return new JobRunner(s, out(), err()).run(List.of(JobRunner.Job.of(op, name)), job, program());
        }
    }
}
