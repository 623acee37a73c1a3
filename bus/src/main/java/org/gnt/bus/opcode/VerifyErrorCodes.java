package org.gnt.bus.opcode;

import java.util.List;
import java.util.Set;

/** Ganeti's cluster-verify error codes (what {@code --error-codes} prints and {@code -I} demotes). */
public final class VerifyErrorCodes {
    public static final Set<String> ALL = Set.of("ENODEORPHANLV", "EINSTANCEPOLICY", "ENODERPC", "ENODESSH",
            "ECLUSTERFILECHECK", "EINSTANCELAYOUT", "ECLUSTERCFG", "ENODEDRBDHELPER", "ENODEORPHANINSTANCE",
            "ENODESETUP", "EINSTANCEFAULTYDISK", "ENODELVM", "ENODEFILESTORAGEPATHUNUSABLE",
            "ENODEGLUSTERSTORAGEPATHUNUSABLE", "EINSTANCEWRONGNODE", "ENODEFILESTORAGEPATHS", "ENODEHV", "ENODEDRBD",
            "ENODEFILECHECK", "ENODESHAREDFILESTORAGEPATHUNUSABLE", "EINSTANCEMISSINGDISK", "ENODENET", "ENODETIME",
            "EGROUPDIFFERENTPVSIZE", "EINSTANCEUNSUITABLENODE", "ECLUSTERDANGLINGNODES", "ENODEHOOKS", "ENODEOS",
            "ENODEOOBPATH", "EINSTANCEDOWN", "EEXTAGS", "ECLUSTERCERT", "ECLUSTERDANGLINGINST", "EINSTANCEBADNODE",
            "EINSTANCEMISSINGCFGPARAMETER", "ENODEDRBDVERSION", "ENODEUSERSCRIPTS", "EINSTANCESPLITGROUPS", "ENODEN1",
            "ECLUSTERCLIENTCERT", "ENODEVERSION");

    private VerifyErrorCodes() {
    }

    static void check(String op, List<String> ignoreErrors) {
        for (String code : ignoreErrors) {
            OpCodes.check(op, "ignore_errors", ALL.contains(code), "unknown error code '" + code + "'");
        }
    }
}
