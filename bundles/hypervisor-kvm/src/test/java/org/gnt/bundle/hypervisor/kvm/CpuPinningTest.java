package org.gnt.bundle.hypervisor.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;
import org.junit.jupiter.api.Test;

/** Ganeti's cpu_mask forms, as its man page gives them. */
class CpuPinningTest {
    @Test
    void ganetisFormsAreAcceptedAndOthersRefused() {
        for (String ok : new String[]{"all", "0", "0-2", "1,3-5", "1:3", "1-2:all", "all:1,3-5:0"}) {
            assertTrue(CpuPinning.syntaxProblem(ok).isEmpty(), ok);
        }
        for (String bad : new String[]{"", "any", "1-", "1:", "a:b", "1;2", "-1"}) {
            assertTrue(CpuPinning.syntaxProblem(bad).isPresent(), bad);
        }
    }

    @Test
    void perVcpuMasksMustNameEveryVcpu() {
        CpuPinning.checkFor("0-3", 4);
        CpuPinning.checkFor("1:3", 2);
        PluginException e = assertThrows(PluginException.class, () -> CpuPinning.checkFor("1:3", 3));
        assertEquals(ErrorKind.INVAL, e.kind());
        assertTrue(e.getMessage().contains("3 vCPUs"), e.getMessage());
    }

    @Test
    void kvmParamsReportABadMask() {
        assertTrue(KvmParams.validate(KvmParams.fill(java.util.Map.of("cpu_mask", "some")))
                .stream().anyMatch(p -> p.startsWith("cpu_mask")));
    }
}
