package org.gnt.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.gnt.bus.BusConfig;

/**
 * Entry point of a node service process: {@code NodeServiceMain --conf gnt.conf --name NODE
 * --ip IP --dir DIR --bundle JAR [--bundle JAR…] [--memory MIB] [--vcpus N] [--shared-file-dir DIR]}.
 */
public final class NodeServiceMain {
    private NodeServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        org.gnt.bus.ParentWatch.exitWithParent();
        Path conf = null;
        Path dir = null;
        String name = null;
        String ip = "127.0.0.1";
        long memory = 8192;
        int vcpus = 8;
        Path sharedFileDir = null;
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf" -> conf = Path.of(args[++i]);
                case "--name" -> name = args[++i];
                case "--ip" -> ip = args[++i];
                case "--dir" -> dir = Path.of(args[++i]);
                case "--bundle" -> bundles.add(Path.of(args[++i]));
                case "--memory" -> memory = Long.parseLong(args[++i]);
                case "--vcpus" -> vcpus = Integer.parseInt(args[++i]);
                case "--shared-file-dir" -> sharedFileDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (conf == null || name == null || dir == null) {
            System.err.println("usage: NodeServiceMain --conf FILE --name NODE --dir DIR [--ip IP] [--bundle JAR]..."
                    + " [--memory MIB] [--vcpus N] [--shared-file-dir DIR]");
            System.exit(2);
        }
        NodeService node = new NodeService(BusConfig.load(conf),
                new NodeService.Settings(name, ip, dir, bundles, memory, vcpus, sharedFileDir)).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stop.countDown();
        }));
        System.out.println("node service " + name + " started");
        stop.await();
    }
}
