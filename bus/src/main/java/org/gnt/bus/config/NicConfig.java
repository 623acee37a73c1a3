package org.gnt.bus.config;

/** One NIC of an instance. */
public record NicConfig(String uuid, String name, String mac, String ip, String mode, String link, String network) {
}
