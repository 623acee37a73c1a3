package org.gnt.plugins.hypervisor;

/** A node's memory and CPU as a hypervisor accounts them (Ganeti's memory_total/free, cpu_total). */
public record NodeResources(long memoryTotalMib, long memoryFreeMib, long memoryDom0Mib, int cpuTotal, int cpuUsed) {
    public NodeResources {
        if (memoryTotalMib < 0 || memoryFreeMib < 0 || cpuTotal < 0 || cpuUsed < 0) {
            throw new IllegalArgumentException("resources must not be negative");
        }
    }
}
