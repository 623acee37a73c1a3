package org.gnt.bus;

import java.util.Objects;

/** Every ZooKeeper path of one cluster, under {@code /gnt/<cluster>}. */
public record ZkPaths(String cluster) {
    public ZkPaths {
        Objects.requireNonNull(cluster, "cluster is null");
    }

    public String root() {
        return "/gnt/" + cluster;
    }

    public String leader() {
        return root() + "/leader";
    }

    /** Which coordinator is master; the znode's version is the master epoch used for fencing. */
    public String master() {
        return root() + "/master";
    }

    /**
     * The config tree. The znode's own version is the <b>config serial</b> (Ganeti's serial_no):
     * every master commit bumps it in the same transaction, so a mirror knows how current it is.
     */
    public String config() {
        return root() + "/config";
    }

    /** The cluster object's znode. */
    public String clusterConfig() {
        return config() + "/cluster";
    }

    public String nodes() {
        return config() + "/nodes";
    }

    public String node(String uuid) {
        return nodes() + "/" + uuid;
    }

    public String groups() {
        return config() + "/groups";
    }

    public String group(String uuid) {
        return groups() + "/" + uuid;
    }

    public String instances() {
        return config() + "/instances";
    }

    public String instance(String uuid) {
        return instances() + "/" + uuid;
    }

    /** Networks (gnt-network); a cluster initialised before networks existed gets this at the first add. */
    public String networks() {
        return config() + "/networks";
    }

    public String network(String uuid) {
        return networks() + "/" + uuid;
    }

    public String live() {
        return root() + "/live";
    }

    public String live(String node) {
        return live() + "/" + node;
    }

    /** The RAPI server certificate and key (PKCS12), made at cluster init, shared by every gateway. */
    public String rapiCertificate() {
        return root() + "/secrets/rapi.p12";
    }

    /** The job a client request key was given to (key hashed: any string is a valid key). */
    public String requestKey(String keyHash) {
        return root() + "/jobs/requests/" + keyHash;
    }

    /** Present while the job queue is drained: new jobs are refused. */
    public String queueDrained() {
        return root() + "/jobs/drained";
    }

    /** The last job id handed out; clients allocate the next one with a versioned write. */
    public String jobIdCounter() {
        return root() + "/jobs/last-id";
    }

    /** Job filter rules (gnt-filter, RAPI /2/filters), one znode per rule named by its UUID. */
    public String filters() {
        return root() + "/filters";
    }

    public String filter(String uuid) {
        return filters() + "/" + uuid;
    }

    /** A request to the master coordinator to step down (gnt-cluster master-failover). */
    public String masterFailover() {
        return root() + "/master-failover";
    }

    /** Running coordinators, one ephemeral znode each ({@code election.CoordinatorRecord}). */
    public String coordinators() {
        return root() + "/coordinators";
    }

    public String coordinator(String id) {
        return coordinators() + "/" + id;
    }
}
