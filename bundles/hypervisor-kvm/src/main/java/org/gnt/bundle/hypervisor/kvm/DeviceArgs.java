package org.gnt.bundle.hypervisor.kvm;

import static org.gnt.bundle.hypervisor.kvm.KvmParams.str;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gnt.plugins.disk.AttachedDisk;
import org.gnt.plugins.disk.DiskRef;
import org.gnt.plugins.hypervisor.NicSpec;

/**
 * The QEMU description of hot-pluggable devices (PCIe root ports, virtio disks, NICs) and the
 * edits of a recorded argv when one is plugged or unplugged. Pure. Every id derives from the
 * device's identity (disk: driver and id; NIC: uuid), never from its index, so a device can be
 * found and unplugged whatever position it has today. One map per device serves both the command
 * line and QMP (blockdev-add, device_add, netdev_add), so a hot-added device and the same device
 * in a relaunched argv are the same.
 */
final class DeviceArgs {
    /** Root ports a guest gets at least; beyond that, hvparam kvm_pci_reservations stay free. */
    static final int MIN_PORTS = 16;
    private static final String PORT = "pcie-root-port";

    private DeviceArgs() {
    }

    static String diskId(DiskRef ref) {
        return "d" + hash(ref.driver() + ":" + ref.id(), 12);
    }

    /** The disk's block node (node names and device ids live in different QEMU namespaces). */
    static String diskNode(DiskRef ref) {
        return "b" + hash(ref.driver() + ":" + ref.id(), 12);
    }

    static String nicId(String uuid) {
        return "n" + hash(uuid, 12);
    }

    static String netdevId(String uuid) {
        return "h" + hash(uuid, 12);
    }

    /**
     * Host tap name: 13 characters, within the kernel's 15 (IFNAMSIZ - 1). The runtime directory
     * is part of it, so two nodes sharing one host (as in tests) never want the same tap while a
     * migration has the guest's NIC on both.
     */
    static String tapName(Path runtimeDir, String uuid) {
        return "gnt" + hash(runtimeDir.toAbsolutePath() + "|" + uuid, 10);
    }

    /** QEMU device model for hvparam nic_type. */
    static String nicModel(Map<String, Object> hv) {
        String t = str(hv, "nic_type");
        return t.equals("paravirtual") || t.isEmpty() ? "virtio-net-pci" : t;
    }

    /**
     * {@code n} root ports on pcie.0, eight functions per slot from slot 3 (libvirt's layout), at
     * fixed addresses so a relaunched argv has the same topology.
     */
    static List<String> rootPorts(int n) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String addr = String.format("0x%x.0x%x", 3 + i / 8, i % 8);
            a.addAll(List.of("-device", PORT + ",id=rp" + i + ",bus=pcie.0,chassis=" + (i + 1) + ",addr=" + addr
                    + (i % 8 == 0 ? ",multifunction=on" : "")));
        }
        return a;
    }

    /** Ports for the boot devices plus {@code spare} free ones (hvparam kvm_pci_reservations), 16 at least. */
    static int portCount(int bootDevices, long spare) {
        return (int) Math.max(MIN_PORTS, bootDevices + spare);
    }

    /** blockdev-add arguments / -blockdev JSON: a raw node over the file or block device. */
    static Map<String, Object> blockdev(AttachedDisk d, Map<String, Object> hv) {
        Map<String, Object> file = new LinkedHashMap<>();
        boolean dev = d.path().startsWith("/dev/");
        file.put("driver", dev ? "host_device" : "file");
        file.put("filename", d.path());
        String aio = str(hv, "disk_aio");
        if (!aio.equals("threads")) {
            file.put("aio", aio);
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("driver", "raw");
        node.put("node-name", diskNode(d.ref()));
        String discard = str(hv, "disk_discard");
        if (!discard.equals("default")) {
            node.put("discard", discard);
            file.put("discard", discard);
        }
        if (str(hv, "disk_cache").equals("none")) {
            node.put("cache", Map.of("direct", true));
            file.put("cache", Map.of("direct", true));
        }
        node.put("file", file);
        return node;
    }

    /** device_add arguments of a virtio disk on {@code port}; all values strings (QMP and -device agree). */
    static Map<String, Object> diskDevice(AttachedDisk d, Map<String, Object> hv, String port) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driver", "virtio-blk-pci");
        m.put("drive", diskNode(d.ref()));
        m.put("id", diskId(d.ref()));
        m.put("bus", port);
        if (str(hv, "disk_cache").equals("writethrough")) {
            m.put("write-cache", "off");
        }
        return m;
    }

    static Map<String, Object> netdev(Path runtimeDir, NicSpec nic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "tap");
        m.put("id", netdevId(nic.uuid()));
        m.put("ifname", tapName(runtimeDir, nic.uuid()));
        m.put("script", "no");
        m.put("downscript", "no");
        return m;
    }

    /** device_add arguments of a NIC; {@code port} null for an ISA model (not hot-pluggable). */
    static Map<String, Object> nicDevice(NicSpec nic, Map<String, Object> hv, String port) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driver", nicModel(hv));
        m.put("netdev", netdevId(nic.uuid()));
        m.put("mac", nic.mac());
        m.put("id", nicId(nic.uuid()));
        if (port != null) {
            m.put("bus", port);
        }
        return m;
    }

    static List<String> diskArgs(AttachedDisk d, Map<String, Object> hv, String port) {
        return List.of("-blockdev", Json.write(blockdev(d, hv)), "-device", keyval(diskDevice(d, hv, port)));
    }

    static List<String> nicArgs(Path runtimeDir, NicSpec nic, Map<String, Object> hv, String port) {
        return List.of("-netdev", keyval(netdev(runtimeDir, nic)), "-device", keyval(nicDevice(nic, hv, port)));
    }

    /** QEMU's key=value form: the first value alone (driver/type), commas in values doubled. */
    static String keyval(Map<String, Object> m) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String v = String.valueOf(e.getValue()).replace(",", ",,");
            if (b.isEmpty()) {
                b.append(v);
            } else {
                b.append(',').append(e.getKey()).append('=').append(v);
            }
        }
        return b.toString();
    }

    /** One option of a key=value string ("id", "bus", "ifname"...), honouring doubled commas. */
    static Optional<String> option(String keyval, String key) {
        for (String part : keyval.split("(?<!,),(?!,)")) {
            if (part.startsWith(key + "=")) {
                return Optional.of(part.substring(key.length() + 1).replace(",,", ","));
            }
        }
        return Optional.empty();
    }

    /** Values following each occurrence of {@code flag} in argv. */
    static List<String> values(List<String> argv, String flag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(flag)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    /** Root ports of an argv, in order. */
    static List<String> ports(List<String> argv) {
        return values(argv, "-device").stream().filter(v -> v.startsWith(PORT + ","))
                .map(v -> option(v, "id").orElseThrow()).toList();
    }

    /** Root ports holding a device (the record's "used root ports"). */
    static Set<String> usedPorts(List<String> argv) {
        Set<String> used = new LinkedHashSet<>();
        for (String v : values(argv, "-device")) {
            option(v, "bus").filter(b -> b.startsWith("rp")).ifPresent(used::add);
        }
        return used;
    }

    static Optional<String> freePort(List<String> argv) {
        Set<String> used = usedPorts(argv);
        return ports(argv).stream().filter(p -> !used.contains(p)).findFirst();
    }

    /** Ids of the devices an argv creates (what {@code qom-list /machine/peripheral} shows). */
    static Set<String> deviceIds(List<String> argv) {
        Set<String> ids = new LinkedHashSet<>();
        for (String v : values(argv, "-device")) {
            option(v, "id").ifPresent(ids::add);
        }
        return ids;
    }

    /** Host taps an argv's NICs use. */
    static List<String> taps(List<String> argv) {
        return values(argv, "-netdev").stream().map(v -> option(v, "ifname")).flatMap(Optional::stream).toList();
    }

    /** The boot memory (-m) of an argv in MiB: the balloon's ceiling. */
    static long bootMemory(List<String> argv) {
        return Long.parseLong(values(argv, "-m").get(0).split(",")[0]);
    }

    /** argv with a device's options added before -qmp (after the root ports they use). */
    static List<String> plus(List<String> argv, List<String> device) {
        List<String> out = new ArrayList<>(argv);
        int at = out.indexOf("-qmp");
        out.addAll(at < 0 ? out.size() : at, device);
        return out;
    }

    /** argv without the device {@code id} and its backend (-blockdev node or -netdev id {@code backend}). */
    static List<String> minus(List<String> argv, String id, String backend) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String flag = argv.get(i);
            String v = i + 1 < argv.size() ? argv.get(i + 1) : "";
            boolean drop = switch (flag) {
                case "-device" -> option(v, "id").filter(id::equals).isPresent();
                case "-netdev" -> option(v, "id").filter(backend::equals).isPresent();
                case "-blockdev" -> v.startsWith("{") && Json.parse(v) instanceof Map<?, ?> m
                        && backend.equals(m.get("node-name"));
                default -> false;
            };
            if (drop) {
                i++;
            } else {
                out.add(flag);
            }
        }
        return out;
    }

    private static String hash(String s, int hexChars) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
