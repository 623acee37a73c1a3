package org.gnt.plugins.hypervisor;

/** How to stop an instance: ask the guest (ACPI) first, or pull the plug. */
public enum StopMode { SOFT, HARD }
