package org.gnt.testkit;

import org.testcontainers.DockerClientFactory;

/**
 * A running Kafka + ZooKeeper pair for tests and the quickstart: where to connect, and {@link #close()} to
 * stop both.
 *
 * <p>Implementations: {@link EmbeddedBusServers} (in-process servers, the default) and
 * {@link ContainerBusServers} (Testcontainers; needs Docker).
 */
public interface BusServers extends AutoCloseable {

    /** System property that asks {@link #start()} for containers: {@code -Dgnt.testkit.containers=true}. */
    String CONTAINERS_PROPERTY = "gnt.testkit.containers";

    /** Kafka {@code bootstrap.servers}, e.g. "127.0.0.1:40123". */
    String bootstrapServers();

    /** ZooKeeper connect string, e.g. "127.0.0.1:40124". */
    String zkConnect();

    /** Stops both servers and removes temporary data. Never throws a checked exception. */
    @Override
    void close();

    /**
     * Starts a pair and returns it running: containers when {@code gnt.testkit.containers=true} is set and a
     * Docker engine answers, embedded servers (temporary directories, free ports) otherwise.
     */
    static BusServers start() {
        if (containersWanted()) {
            return new ContainerBusServers().start();
        }
        return new EmbeddedBusServers().start();
    }

    /** True when the containers are requested by the system property and Docker is available. */
    static boolean containersWanted() {
        if (!Boolean.getBoolean(CONTAINERS_PROPERTY)) {
            return false;
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            org.slf4j.LoggerFactory.getLogger(BusServers.class)
                    .warn("{}=true but no Docker engine answers: using embedded servers", CONTAINERS_PROPERTY);
        }
        return docker;
    }
}
