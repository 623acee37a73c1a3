package org.gnt.plugins.hypervisor;

/**
 * A node's memory and CPU as a hypervisor accounts them (Ganeti's memory_total/free, cpu_total).
 * {@code accelerator} says how guests execute on this node when the hypervisor has a choice
 * (kvm: {@code kvm}, or {@code tcg} when KVM is unusable and QEMU emulates); empty when it does
 * not apply. Added in package version 1.1.0; the five-value constructor keeps older callers.
 */
public record NodeResources(long memoryTotalMib, long memoryFreeMib, long memoryDom0Mib, int cpuTotal, int cpuUsed,
                            String accelerator) {
    public NodeResources {
        if (memoryTotalMib < 0 || memoryFreeMib < 0 || cpuTotal < 0 || cpuUsed < 0) {
            throw new IllegalArgumentException("resources must not be negative");
        }
        accelerator = accelerator == null ? "" : accelerator;
    }

    /** Resources of a hypervisor without an accelerator choice. */
    public NodeResources(long memoryTotalMib, long memoryFreeMib, long memoryDom0Mib, int cpuTotal, int cpuUsed) {
        this(memoryTotalMib, memoryFreeMib, memoryDom0Mib, cpuTotal, cpuUsed, "");
    }
}
