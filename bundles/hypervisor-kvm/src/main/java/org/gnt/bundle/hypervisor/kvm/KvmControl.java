package org.gnt.bundle.hypervisor.kvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.gnt.plugins.hypervisor.ConsoleInfo;
import org.gnt.plugins.hypervisor.InstanceSpec;
import org.gnt.plugins.hypervisor.NicSpec;
import org.gnt.plugins.hypervisor.StopMode;

/**
 * Reboot, resume and console of a running guest, for {@link KvmHypervisor} (which holds the lock
 * and owns the runtime directory). Everything goes through QMP and the runtime record.
 */
final class KvmControl {
    private static final System.Logger LOG = System.getLogger(KvmControl.class.getName());

    private final KvmHypervisor hv;

    KvmControl(KvmHypervisor hv) {
        this.hv = hv;
    }

    /**
     * SOFT: ACPI power button, wait up to {@code timeout} for QEMU to exit (hard stop after), then
     * a new QEMU with the record's argv (which the hotplug code keeps in step with the devices),
     * never paused. HARD: {@code system_reset}, the same process goes on.
     */
    void reboot(InstanceSpec instance, StopMode mode, Duration timeout) {
        RuntimeRecord r = running(instance.name());
        if (mode == StopMode.HARD) {
            qmp(r, "system_reset", Map.of());
            LOG.log(Level.INFO, "Reset {0} (hard reboot)", r.name());
            return;
        }
        List<NicSpec> nics = nicsOf(r, instance);
        try {
            QmpClient.call(r.qmp(), KvmHypervisor.QMP_TIMEOUT, "system_powerdown", Map.of());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "system_powerdown of {0} failed: {1}", r.name(), e.getMessage());
        }
        if (!QemuProcesses.waitGone(r, timeout)) {
            LOG.log(Level.WARNING, "{0} ignored the ACPI shutdown for {1}; stopping it hard", r.name(), timeout);
            hv.killHard(r);
        }
        if (r.alive()) {
            throw new PluginException(ErrorKind.ENVIRON, "QEMU of " + r.name() + " (pid " + r.pid() + ") does not die");
        }
        hv.removeRuntimeFiles(r.name());
        List<String> argv = KvmSpice.withFreePort(relaunchable(r.argv()), r.hvParams());
        RuntimeRecord started = hv.launchRecorded(r.name(), r.uuid(), r.memoryMib(), r.vcpus(), r.accel(), argv,
                r.hvParams(), nics);
        LOG.log(Level.INFO, "Rebooted {0} (new pid {1})", r.name(), Long.toString(started.pid()));
    }

    /**
     * The NICs the running guest has, as the instance describes them (their links are needed to
     * connect new taps); checked before the guest is stopped, so a mismatch changes nothing.
     */
    private static List<NicSpec> nicsOf(RuntimeRecord r, InstanceSpec instance) {
        List<String> netdevs = DeviceArgs.values(r.argv(), "-netdev").stream()
                .map(v -> DeviceArgs.option(v, "id").orElse("")).toList();
        List<NicSpec> out = instance.nics().stream().filter(n -> netdevs.contains(DeviceArgs.netdevId(n.uuid())))
                .toList();
        if (out.size() != netdevs.size()) {
            throw new PluginException(ErrorKind.STATE, "The running guest " + r.name() + " has NICs the instance no"
                    + " longer describes; use a full reboot (stop and start)");
        }
        return out;
    }

    /** QMP {@code cont}: runs a guest started paused or paused since; a running guest stays so. */
    void resume(String name) {
        qmp(running(name), "cont", Map.of());
    }

    /**
     * Ganeti's order: the serial console when there is one (run over ssh on the node, whose name the
     * coordinator fills in; see {@link SerialConsole}), else VNC, else SPICE, else a message.
     */
    ConsoleInfo console(InstanceSpec instance) {
        RuntimeRecord r = running(instance.name());
        Map<String, Object> p = r.hvParams();
        if (KvmParams.flag(p, "serial_console")) {
            Path serial = QemuCommand.Files.of(hv.runtimeDir(), r.name()).serial();
            return new ConsoleInfo(ConsoleInfo.SSH, "", "", 0, "root", SerialConsole.command(r.qmp(), serial), 0);
        }
        String bind = KvmParams.str(p, "vnc_bind_address");
        if (bind.equals("unix")) {
            // No TCP port: host is the socket's path on the node (absolute, so never a host name),
            // port and display 0; the message says how to reach it from elsewhere.
            Path sock = QemuCommand.Files.of(hv.runtimeDir(), r.name()).vnc();
            return new ConsoleInfo(ConsoleInfo.VNC, "VNC of " + r.name() + " is on the unix socket " + sock
                    + " of its primary node; e.g. ssh -N -L 5900:" + sock + " root@NODE, then a VNC viewer on"
                    + " localhost:5900", sock.toString(), 0, "", List.of(), 0);
        }
        if (!bind.isEmpty()) {
            Object vnc = qmp(r, "query-vnc", Map.of());
            Object service = vnc instanceof Map<?, ?> m ? m.get("service") : null;
            int port;
            try {
                port = Integer.parseInt(String.valueOf(service));
            } catch (NumberFormatException e) {
                throw new PluginException(ErrorKind.ENVIRON, "QEMU of " + r.name() + " reports no VNC port: "
                        + Json.write(vnc), e);
            }
            return new ConsoleInfo(ConsoleInfo.VNC, "", bind, port, "", List.of(), port - 5900);
        }
        if (!KvmParams.str(p, "spice_bind").isEmpty()) {
            return KvmSpice.console(r); // Ganeti's order: serial, VNC, then SPICE
        }
        return new ConsoleInfo(ConsoleInfo.MESSAGE, "Instance " + r.name() + " has no console (hvparams"
                + " serial_console, vnc_bind_address and spice_bind are all off)", "", 0, "", List.of(), 0);
    }

    /**
     * The argv a fresh QEMU for this guest runs with: the record's, without {@code -S} (a reboot
     * or migration target must not stay paused) and without a {@code -incoming} left from a
     * migration that brought the guest here.
     */
    static List<String> relaunchable(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("-incoming")) {
                i++;
            } else if (!a.equals("-S")) {
                out.add(a);
            }
        }
        return out;
    }

    /** As start does: a password-protected VNC display gets its password over QMP. */
    static void setVncPassword(RuntimeRecord r) throws IOException {
        String pwFile = KvmParams.str(r.hvParams(), "vnc_password_file");
        if (!KvmParams.str(r.hvParams(), "vnc_bind_address").isEmpty() && !pwFile.isEmpty()) {
            String pw = Files.readString(Path.of(pwFile)).strip();
            QmpClient.call(r.qmp(), KvmHypervisor.QMP_TIMEOUT, "set_password", Map.of("protocol", "vnc", "password", pw));
        }
    }

    private RuntimeRecord running(String name) {
        return hv.running(name).orElseThrow(() ->
                new PluginException(ErrorKind.STATE, "Instance " + name + " is not running"));
    }

    static Object qmp(RuntimeRecord r, String command, Map<String, ?> args) {
        try {
            return QmpClient.call(r.qmp(), KvmHypervisor.QMP_TIMEOUT, command, args);
        } catch (IOException e) {
            throw new PluginException(ErrorKind.ENVIRON, command + " on " + r.name() + ": " + e.getMessage(), e);
        }
    }
}
