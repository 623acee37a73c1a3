package org.gnt.coordinator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.gnt.bus.BusConfig;

/**
 * Entry point of a coordinator process: {@code CoordinatorMain --conf gnt.conf --id NAME
 * [--max-running N]}. Stops cleanly on SIGTERM.
 */
public final class CoordinatorMain {
    private CoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        org.gnt.bus.ParentWatch.exitWithParent();
        Path conf = null;
        String id = null;
        int maxRunning = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf" -> conf = Path.of(args[++i]);
                case "--id" -> id = args[++i];
                case "--max-running" -> maxRunning = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (conf == null || id == null) {
            System.err.println("usage: CoordinatorMain --conf FILE --id NAME [--max-running N]");
            System.exit(2);
        }
        Coordinator c = new Coordinator(BusConfig.load(conf), id, maxRunning).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                c.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stop.countDown();
        }));
        System.out.println("coordinator " + id + " started");
        stop.await();
    }
}
