package org.gnt.coordinator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.gnt.bus.BusConfig;

/**
 * Entry point of a coordinator process: {@code CoordinatorMain --conf gnt.conf --id NAME
 * [--node NODE] [--max-running N]}; {@code --node} binds it to a node (it takes part in the master
 * election only while that node may be master, see {@code CoordinatorPresence}); without the option, {@code jobs.max.running} in gnt.conf (default 64) says how
 * many jobs run at once. Stops cleanly on SIGTERM.
 */
public final class CoordinatorMain {
    private CoordinatorMain() {
    }

    /** {@code gnt.conf} property for how many jobs run at once (Ganeti's max_running_jobs). */
    public static final String MAX_RUNNING_SETTING = "jobs.max.running";
    public static final int DEFAULT_MAX_RUNNING = 64;

    static int maxRunningOf(BusConfig cfg) {
        return cfg.setting(MAX_RUNNING_SETTING).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("gnt.conf property " + MAX_RUNNING_SETTING
                    + " must be a whole number of jobs >= 1, got '" + v + "'");
        }).orElse(DEFAULT_MAX_RUNNING);
    }

    public static void main(String[] args) throws Exception {
        org.gnt.bus.ParentWatch.exitWithParent();
        Path conf = null;
        String id = null;
        String node = null;
        Integer maxRunning = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf" -> conf = Path.of(args[++i]);
                case "--id" -> id = args[++i];
                case "--node" -> node = args[++i];
                case "--max-running" -> maxRunning = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (conf == null || id == null) {
            System.err.println("usage: CoordinatorMain --conf FILE --id NAME [--node NODE] [--max-running N]");
            System.exit(2);
        }
        BusConfig cfg = BusConfig.load(conf);
        Coordinator c = new Coordinator(cfg, id, java.util.Optional.ofNullable(node), maxRunning != null ? maxRunning : maxRunningOf(cfg)).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                c.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stop.countDown();
        }));
        System.out.println("coordinator " + id + (node != null ? " (node " + node + ")" : "") + " started");
        stop.await();
    }
}
