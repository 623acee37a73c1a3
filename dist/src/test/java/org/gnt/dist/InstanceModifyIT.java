package org.gnt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.gnt.bus.Json;
import org.gnt.bus.config.InstanceConfig;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.plugins.hypervisor.RuntimeInstance;
import org.gnt.testkit.RapiHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Instance modification, online disk grow and consoles end to end: a real node service with the
 * fake hypervisor and the file/sharedfile drivers, the coordinator, RAPI (also Ganeti's Python
 * client) and the CLI. Each refusal is checked to leave config, disks and guest unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceModifyIT {
    static final String STOPPED = "mod1.example.com";
    static final String RUNNING = "run1.example.com";
    @RegisterExtension
    static final ClusterFixture fx = new ClusterFixture("it-modify", 1, 1, 4096, List.of("fake"));

    @BeforeAll
    static void createInstances() throws Exception {
        fx.awaitSuccess(fx.submit("POST", "/2/instances", """
                {"__version__": 1, "mode": "create", "name": "%s", "disk_template": "file",
                 "disks": [{"size": 64}], "nics": [{}], "os": "noop", "pnode": "node1",
                 "beparams": {"memory": 128}, "start": false, "name_check": false, "ip_check": false}"""
                .formatted(STOPPED)));
        fx.awaitSuccess(fx.submit("POST", "/2/instances", """
                {"__version__": 1, "mode": "create", "name": "%s", "disk_template": "sharedfile",
                 "disks": [{"size": 32}], "nics": [{"link": "br-test"}], "os": "noop", "pnode": "node1",
                 "beparams": {"minmem": 128, "maxmem": 256}, "name_check": false, "ip_check": false}"""
                .formatted(RUNNING)));
    }

    @Test
    @Order(1)
    void parametersOfAStoppedInstanceChange() throws Exception {
        JobState j = fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + STOPPED + "/modify",
                "{\"beparams\": {\"maxmem\": 256, \"vcpus\": 2}, \"hvparams\": {\"migration_mode\": \"non-live\"}}"));
        String result = j.ops().get(0).result().toString();
        assertTrue(result.contains("[\"be/maxmem\",256]") && result.contains("[\"hv/migration_mode\",\"non-live\"]"),
                result);
        InstanceConfig i = instance(STOPPED);
        assertEquals(256L, ((Number) i.beparams().get("maxmem")).longValue());
        assertEquals(128L, ((Number) i.beparams().get("minmem")).longValue());
        assertEquals(2L, ((Number) i.beparams().get("vcpus")).longValue());
        assertEquals("non-live", i.hvparams().get("migration_mode"));
        // "default" gives the parameter back to the cluster
        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + STOPPED + "/modify", "{\"hvparams\": {\"migration_mode\": \"default\"}}"));
        assertFalse(instance(STOPPED).hvparams().containsKey("migration_mode"));
        // NIC and disk added and removed on the stopped instance: config (and the disk file) only
        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + STOPPED + "/modify",
                "{\"nics\": [[\"add\", -1, {\"mode\": \"bridged\", \"link\": \"br9\"}]],"
                        + " \"disks\": [[\"add\", -1, {\"size\": 16, \"name\": \"scratch\"}]]}"));
        i = instance(STOPPED);
        assertEquals(2, i.nics().size());
        assertTrue(i.nics().get(1).mac().matches("aa:00:00(:[0-9a-f]{2}){3}"), i.nics().get(1).mac());
        assertFalse(i.nics().get(1).mac().equals(i.nics().get(0).mac()));
        assertEquals("br9", i.nics().get(1).link());
        assertEquals(2, i.disks().size());
        assertEquals("scratch", i.disks().get(1).name());
        Path added = fileDisk(STOPPED, i.disks().get(1).ref().id());
        assertEquals(16L * 1024 * 1024, Files.size(added));
        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + STOPPED + "/modify",
                "{\"nics\": [[\"remove\", 1, {}]], \"disks\": [[\"remove\", \"scratch\", {}]]}"));
        i = instance(STOPPED);
        assertEquals(1, i.nics().size());
        assertEquals(1, i.disks().size());
        assertFalse(Files.exists(added), added + " removed");
    }

    @Test
    @Order(2)
    void badInputIsRefusedAndChangesNothing() throws Exception {
        InstanceConfig before = instance(STOPPED);
        refused("{\"hvparams\": {\"no_such_param\": 1}}", "no_such_param");
        refused("{\"beparams\": {\"no_such_be\": 1}}", "no_such_be");
        refused("{\"beparams\": {\"vcpus\": \"many\"}}", "vcpus");
        refused("{\"beparams\": {\"minmem\": 512}}", "minmem");
        refused("{\"runtime_mem\": 128}", "not running");
        refused("{\"nics\": [[\"remove\", 5, {}]]}", "invalid NIC index 5");
        refused("{\"disks\": [[\"remove\", 3, {}]]}", "invalid disk index 3");
        JobState grow = fx.awaitFinal(fx.submit("POST", "/2/instances/" + STOPPED + "/disk/4/grow", "{\"amount\": 64}"));
        assertEquals(JobStatus.ERROR, grow.status());
        assertTrue(grow.ops().get(0).result().toString().contains("Invalid disk index 4"), grow.toString());
        JobState smaller = fx.awaitFinal(fx.submit("POST", "/2/instances/" + STOPPED + "/disk/0/grow",
                "{\"amount\": 32, \"absolute\": true}"));
        assertTrue(smaller.ops().get(0).result().toString().contains("smaller than current disk size"), smaller.toString());
        // refused before a job exists: fields gnt does not implement, unknown fields
        RapiHttp.Response template = fx.rapi.send("PUT", "/2/instances/" + STOPPED + "/modify", "{\"disk_template\": \"plain\"}");
        assertEquals(400, template.status(), template.body());
        assertTrue(template.body().contains("disk_template"), template.body());
        RapiHttp.Response modifyNic = fx.rapi.send("PUT", "/2/instances/" + STOPPED + "/modify",
                "{\"nics\": [[\"modify\", 0, {\"link\": \"x\"}]]}");
        assertEquals(400, modifyNic.status(), modifyNic.body());
        assertTrue(modifyNic.body().contains("not supported yet"), modifyNic.body());
        assertEquals(400, fx.rapi.send("PUT", "/2/instances/" + STOPPED + "/modify", "{\"bogus\": 1}").status());
        assertEquals(before, instance(STOPPED), "refusals left the instance as it was");
        assertEquals(64L * 1024 * 1024, Files.size(fileDisk(STOPPED, before.disks().get(0).ref().id())));
    }

    @Test
    @Order(3)
    void runningInstanceBalloonsAndHotplugs() throws Exception {
        Properties rec = record(RUNNING);
        InstanceConfig i = instance(RUNNING);
        // the start plugged the NIC from the config (LuSupport.spec carries NICs now)
        assertEquals(i.nics().get(0).uuid() + "=" + i.nics().get(0).mac(), rec.getProperty("nics"));
        assertEquals("256", rec.getProperty("memory"));

        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"runtime_mem\": 192}"));
        eventually(() -> runtimeMemory(RUNNING) == 192, "the node reports 192 MiB");
        JobState out = fx.awaitFinal(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"runtime_mem\": 512}"));
        assertEquals(JobStatus.ERROR, out.status());
        assertTrue(out.ops().get(0).result().toString().contains("must have memory between 128 and 256 MB"), out.toString());
        assertEquals("192", record(RUNNING).getProperty("memory"));
        // a maxmem below the guest's size shrinks it now
        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"beparams\": {\"maxmem\": 160}}"));
        eventually(() -> runtimeMemory(RUNNING) == 160, "the node reports 160 MiB");

        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"hotplug\": true,"
                + " \"nics\": [[\"add\", -1, {}]], \"disks\": [[\"add\", -1, {\"size\": 8}]]}"));
        i = instance(RUNNING);
        assertEquals(2, i.nics().size());
        assertEquals(2, i.disks().size());
        Path disk1 = sharedDisk(i.disks().get(1).ref().id());
        assertEquals(8L * 1024 * 1024, Files.size(disk1));
        rec = record(RUNNING);
        assertTrue(rec.getProperty("nics").contains(i.nics().get(1).uuid() + "=" + i.nics().get(1).mac()), rec.toString());
        assertTrue(rec.getProperty("disks").contains("sharedfile:" + i.disks().get(1).ref().id() + "@8"), rec.toString());

        // removing a disk from a running guest needs hotplug; refused without, nothing changed
        InstanceConfig withDevices = i;
        refused(RUNNING, "{\"disks\": [[\"remove\", 1, {}]]}", "needs --hotplug");
        assertEquals(withDevices, instance(RUNNING));

        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"hotplug\": true,"
                + " \"nics\": [[\"remove\", -1, {}]], \"disks\": [[\"remove\", 1, {}]]}"));
        i = instance(RUNNING);
        assertEquals(1, i.nics().size());
        assertEquals(1, i.disks().size());
        assertFalse(Files.exists(disk1), disk1 + " removed");
        rec = record(RUNNING);
        assertFalse(rec.getProperty("nics").contains(","), rec.toString());
        assertFalse(rec.getProperty("disks").contains(","), rec.toString());

        // without hotplug a running instance's NIC change is config only, said in the job log
        JobState configOnly = fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify",
                "{\"nics\": [[\"add\", -1, {\"name\": \"later\"}]]}"));
        assertTrue(configOnly.ops().get(0).log().stream().anyMatch(l -> l.message().contains("next restart")),
                configOnly.toString());
        assertEquals(2, instance(RUNNING).nics().size());
        assertFalse(record(RUNNING).getProperty("nics").contains(","), "the guest did not get the NIC");
        // a hotplug failing after a disk was made and plugged: both undone, config unchanged
        InstanceConfig beforeFailure = instance(RUNNING);
        String[] sharedBefore = Files.list(sharedDisk(RUNNING)).map(Path::toString).sorted().toArray(String[]::new);
        JobState failed = fx.awaitFinal(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"hotplug\": true,"
                + " \"disks\": [[\"add\", -1, {\"size\": 8}]], \"nics\": [[\"remove\", \"later\", {}]]}"));
        assertEquals(JobStatus.ERROR, failed.status());
        assertTrue(failed.ops().get(0).result().toString().contains("Hotplug failed, nothing was changed"),
                failed.ops().get(0).result().toString());
        assertEquals(beforeFailure, instance(RUNNING));
        assertEquals(List.of(sharedBefore),
                Files.list(sharedDisk(RUNNING)).map(Path::toString).sorted().toList(), "the new disk was removed");
        assertFalse(record(RUNNING).getProperty("disks").contains(","), "the new disk was unplugged");
        fx.awaitSuccess(fx.submit("PUT", "/2/instances/" + RUNNING + "/modify", "{\"nics\": [[\"remove\", \"later\", {}]]}"));
        assertEquals(1, instance(RUNNING).nics().size());

        // online grow: the file grows, the guest is told, the config records it
        fx.awaitSuccess(fx.submit("POST", "/2/instances/" + RUNNING + "/disk/0/grow", "{\"amount\": 32}"));
        assertEquals(64L * 1024 * 1024, Files.size(sharedDisk(i.disks().get(0).ref().id())));
        assertEquals(64L, instance(RUNNING).disks().get(0).sizeMib());
        assertTrue(record(RUNNING).getProperty("disks").endsWith("@64"), record(RUNNING).toString());
        fx.awaitSuccess(fx.submit("POST", "/2/instances/" + RUNNING + "/disk/0/grow", "{\"amount\": 80, \"absolute\": true}"));
        assertEquals(80L, instance(RUNNING).disks().get(0).sizeMib());
        assertEquals(80L * 1024 * 1024, Files.size(sharedDisk(i.disks().get(0).ref().id())));
    }

    @Test
    @Order(4)
    void consoleOfRunningAndStoppedInstances() throws Exception {
        RapiHttp.Response c = fx.rapi.get("/2/instances/" + RUNNING + "/console");
        assertEquals(200, c.status(), c.body());
        JsonNode console = Json.MAPPER.readTree(c.body());
        assertEquals(RUNNING, console.get("instance").asText());
        assertEquals("msg", console.get("kind").asText());
        assertTrue(console.get("message").asText().contains("no console"), c.body());
        RapiHttp.Response down = fx.rapi.get("/2/instances/" + STOPPED + "/console");
        assertEquals(503, down.status(), down.body());
        assertTrue(down.body().contains("Instance console unavailable"), down.body());
        assertEquals(404, fx.rapi.get("/2/instances/nosuch.example.com/console").status());
        JobState refused = fx.awaitFinal(fx.jobs.submitAndGetId(List.of(Json.MAPPER.readTree(
                "{\"OP_ID\": \"OP_INSTANCE_CONSOLE\", \"instance_name\": \"" + STOPPED + "\"}")), 0));
        assertEquals(JobStatus.ERROR, refused.status());
        assertTrue(refused.ops().get(0).result().toString().contains("is not running (state ADMIN_down)"),
                refused.toString());
        assertTrue(refused.ops().get(0).result().toString().contains("wrong_state"), refused.toString());
    }

    @Test
    @Order(5)
    void cliModifiesGrowsAndShowsConsoles() throws Exception {
        String[] r = fx.gnt("gnt-instance", "modify", "-B", "vcpus=1", "-H", "migration_mode=non-live", STOPPED);
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("Modified instance " + STOPPED) && r[1].contains(" - be/vcpus -> 1"), r[1]);
        assertEquals(1L, ((Number) instance(STOPPED).beparams().get("vcpus")).longValue());
        r = fx.gnt("gnt-instance", "modify", "--net", "add:link=br5", "--disk", "add:size=8M", STOPPED);
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(2, instance(STOPPED).nics().size());
        assertEquals(8L, instance(STOPPED).disks().get(1).sizeMib());
        r = fx.gnt("gnt-instance", "modify", "--net", "1:remove", "--disk", "1:remove", STOPPED);
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(1, instance(STOPPED).nics().size());
        assertEquals(1, instance(STOPPED).disks().size());
        r = fx.gnt("gnt-instance", "modify", "-B", "no_such=1", STOPPED);
        assertFalse("0".equals(r[0]), r[1] + r[2]);
        assertTrue((r[1] + r[2]).contains("no_such"), r[1] + r[2]);
        r = fx.gnt("gnt-instance", "modify", "-m", "1G", STOPPED);
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("not running"), r[2]);

        r = fx.gnt("gnt-instance", "grow-disk", STOPPED, "0", "1G");
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(64L + 1024, instance(STOPPED).disks().get(0).sizeMib());
        assertEquals((64L + 1024) * 1024 * 1024, Files.size(fileDisk(STOPPED, instance(STOPPED).disks().get(0).ref().id())));
        r = fx.gnt("gnt-instance", "grow-disk", "--absolute", STOPPED, "0", "1G");
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("smaller than current disk size"), r[2]);
        r = fx.gnt("gnt-instance", "grow-disk", STOPPED, "3", "1G");
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("Invalid disk index 3"), r[2]);

        r = fx.gnt("gnt-instance", "console", RUNNING);
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("no console for instance " + RUNNING), r[1]);
        r = fx.gnt("gnt-instance", "console", "--show-cmd", STOPPED);
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("is not running"), r[2]);
        r = fx.gnt("gnt-instance", "modify", "-m", "144", RUNNING);
        assertEquals("0", r[0], r[1] + r[2]);
        eventually(() -> runtimeMemory(RUNNING) == 144, "the node reports 144 MiB");
    }

    @Test
    @Order(6)
    void ganetiPythonClientModifiesGrowsAndReadsTheConsole() throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import ganeti.rapi.client")
                .redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3-ganeti-rapi is not installed");
        Path script = fx.dir.resolve("rapi_modify.py");
        try (InputStream in = InstanceModifyIT.class.getResourceAsStream("rapi_modify.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(fx.cluster.rapiPort()),
                LocalCluster.ADMIN, fx.cluster.password(), RUNNING).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        JsonNode r = Json.MAPPER.readTree(output.lines().filter(l -> l.startsWith("REPORT ")).findFirst()
                .orElseThrow(() -> new AssertionError(output)).substring("REPORT ".length()));
        assertEquals("success", r.get("modify").get(0).asText(), r.toString());
        assertTrue(r.get("modify").get(1).toString().contains("be/vcpus"), r.toString());
        assertEquals("success", r.get("grow").get(0).asText(), r.toString());
        assertEquals(RUNNING, r.get("console").get("instance").asText());
        assertEquals("msg", r.get("console").get("kind").asText());
        assertEquals(96L, instance(RUNNING).disks().get(0).sizeMib());
        assertEquals("non-live", instance(RUNNING).hvparams().get("migration_mode"));
    }

    // --- helpers

    private static void refused(String body, String expected) throws Exception {
        refused(STOPPED, body, expected);
    }

    private static void refused(String name, String body, String expected) throws Exception {
        JobState j = fx.awaitFinal(fx.submit("PUT", "/2/instances/" + name + "/modify", body));
        assertEquals(JobStatus.ERROR, j.status(), body + ": " + j);
        assertTrue(j.ops().get(0).result().toString().contains(expected), body + ": " + j.ops().get(0).result());
    }

    private static InstanceConfig instance(String name) {
        return fx.instance(name);
    }

    private static Properties record(String name) throws Exception {
        return fx.record("node1", "fake", name).orElseThrow(() -> new AssertionError("node1 has no record of " + name));
    }

    private static long runtimeMemory(String name) {
        return fx.reported("node1", "fake", name).map(RuntimeInstance::memoryMib).orElse(-1L);
    }

    private static Path fileDisk(String name, String id) {
        return fx.cluster.nodeDir("node1").resolve("storage").resolve("file").resolve(id);
    }

    private static Path sharedDisk(String id) {
        return fx.dir.resolve("shared-file-storage").resolve(id);
    }

    private static void eventually(BooleanSupplier ok, String what) throws InterruptedException {
        ClusterFixture.eventually(ok, Duration.ofSeconds(30), what);
    }
}
