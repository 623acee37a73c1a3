package org.gnt.bundle.hypervisor.kvm;

import java.nio.file.Path;
import java.util.List;

/**
 * The command of the ssh-kind serial console. Like Ganeti's kvm console wrapper, connecting lets a
 * guest run that was started paused (QMP status {@code prelaunch}) or paused since ({@code
 * paused}); other states (a migration's {@code inmigrate}/{@code postmigrate}, ...) are left alone,
 * so a console never restarts the source of a finished migration. Then socat attaches to the
 * serial socket: raw with Ctrl-] to leave on a terminal, plain otherwise (a pipe has no terminal
 * modes to set, so input can be scripted). The QMP exchange reads each answer before sending the next
 * command and before closing, because QEMU drops queued commands of a client that hung up. The
 * paths are positional parameters of {@code sh -c}, so they need no quoting inside the script.
 */
final class SerialConsole {
    static final String SCRIPT = """
            qmp=$1 serial=$2
            if d=$(mktemp -d) && mkfifo "$d/in"; then
              socat - "UNIX-CONNECT:$qmp" <"$d/in" 2>/dev/null | {
                exec 3>"$d/in"
                reply() { while read -r l; do case $l in *'"return"'*|*'"error"'*) r=$l; return 0;; esac; done; return 1; }
                read -r greeting &&
                echo '{"execute":"qmp_capabilities"}' >&3 && reply &&
                echo '{"execute":"query-status"}' >&3 && reply &&
                case $r in *'"status": "prelaunch"'*|*'"status": "paused"'*)
                  echo '{"execute":"cont"}' >&3 && reply && echo 'The paused instance now runs' >&2;;
                esac
              }
              rm -rf "$d"
            fi
            if [ -t 0 ]; then exec socat STDIO,raw,echo=0,escape=0x1d "UNIX-CONNECT:$serial"; fi
            exec socat STDIO "UNIX-CONNECT:$serial"
            """;

    private SerialConsole() {
    }

    static List<String> command(Path qmp, Path serial) {
        return List.of("sh", "-c", SCRIPT, "gnt-console", qmp.toString(), serial.toString());
    }
}
