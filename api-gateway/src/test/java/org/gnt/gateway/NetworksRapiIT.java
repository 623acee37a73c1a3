package org.gnt.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import org.gnt.gateway.GatewayHarness.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /2/networks} against real embedded Kafka and ZooKeeper with an in-process coordinator,
 * with the request bodies of Ganeti's RAPI client (CreateNetwork, ModifyNetwork, ConnectNetwork,
 * DisconnectNetwork, DeleteNetwork and the network tags methods).
 */
class NetworksRapiIT {
    @RegisterExtension
    static final CoordinatedGateway gw = new CoordinatedGateway("netrapi", "coord-net", 4, "w {cleartext}pw write\n", false);

    private static Reply write(HttpMethod m, String uri, String body) throws Exception {
        return gw.as("w", "pw", m, uri, body);
    }

    private static JsonNode job(HttpMethod m, String uri, String body) throws Exception {
        Reply r = write(m, uri, body);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().strip().matches("\\d+"), "a bare job id: " + r.text());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode j = gw.get("/2/jobs/" + r.text().strip()).json();
            String s = j.path("status").asText();
            if (s.equals("success") || s.equals("error") || s.equals("canceled")) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + r.text() + " did not finish");
    }

    private static void succeeds(HttpMethod m, String uri, String body) throws Exception {
        JsonNode j = job(m, uri, body);
        assertEquals("success", j.path("status").asText(), j.toString());
    }

    private static void refused(String code, String text, HttpMethod m, String uri, String body) throws Exception {
        JsonNode j = job(m, uri, body);
        assertEquals("error", j.path("status").asText(), j.toString());
        JsonNode error = j.path("opresult").get(0);
        assertEquals("OpPrereqError", error.get(0).asText(), j.toString());
        assertTrue(error.get(1).get(0).asText().contains(text), j.toString());
        assertEquals(code, error.get(1).get(1).asText(), j.toString());
    }

    private static JsonNode read(String uri, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Reply r = gw.get(uri);
            last = r.status() == 200 ? r.json() : null;
            if (last != null && until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(uri + " never matched; last " + last);
    }

    @Test
    void createModifyConnectTagAndDelete() throws Exception {
        assertEquals("[]", gw.get("/2/networks").text());
        assertEquals(404, gw.get("/2/networks/nat").status());
        // CreateNetwork's body, None values included
        succeeds(HttpMethod.POST, "/2/networks", "{\"network_name\": \"nat\", \"gateway\": \"10.0.0.1\","
                + " \"network\": \"10.0.0.0/28\", \"gateway6\": null, \"network6\": null, \"mac_prefix\": null,"
                + " \"add_reserved_ips\": null, \"tags\": [\"nfdhcpd\"]}");
        assertEquals("[{\"name\":\"nat\",\"uri\":\"/2/networks/nat\"}]",
                read("/2/networks", j -> j.size() == 1).toString());
        JsonNode n = gw.get("/2/networks/nat").json();
        // the example of Ganeti's RAPI documentation
        assertEquals("10.0.0.0, 10.0.0.1, 10.0.0.15", n.path("external_reservations").asText());
        assertEquals(13, n.path("free_count").asInt());
        assertEquals(3, n.path("reserved_count").asInt());
        assertEquals("XX.............X", n.path("map").asText());
        assertEquals("10.0.0.0/28", n.path("network").asText());
        assertTrue(n.path("gateway6").isNull() && n.path("mac_prefix").isNull(), n.toString());
        assertEquals("[\"nfdhcpd\"]", n.path("tags").toString());
        assertEquals("[]", n.path("group_list").toString());
        JsonNode bulk = gw.get("/2/networks?bulk=1").json().get(0);
        for (String f : new String[]{"name", "network", "gateway", "network6", "gateway6", "mac_prefix", "free_count",
                "reserved_count", "map", "group_list", "inst_list", "external_reservations", "tags", "ctime", "mtime",
                "uuid", "serial_no"}) {
            assertTrue(bulk.has(f), f + " in " + bulk);
        }

        Reply q = write(HttpMethod.GET, "/2/query/network?fields=name,free_count,gateway6,colour", null);
        assertEquals(200, q.status(), q.text());
        assertEquals("[[[0,\"nat\"],[0,13],[3,null],[1,null]]]", q.json().get("data").toString());
        assertEquals("FreeCount", q.json().get("fields").get(1).path("title").asText());

        String before = gw.get("/2/networks/nat").text();
        refused("already_exists", "Network 'nat' already exists", HttpMethod.POST, "/2/networks",
                "{\"network_name\": \"nat\", \"network\": \"10.1.0.0/24\"}");
        Reply cidr = write(HttpMethod.POST, "/2/networks", "{\"network_name\": \"n2\", \"network\": \"10.1.0.0/33\"}");
        assertEquals(400, cidr.status(), cidr.text());
        assertTrue(cidr.text().contains("Invalid 'network'"), cidr.text());
        Reply gwOut = write(HttpMethod.POST, "/2/networks",
                "{\"network_name\": \"n2\", \"network\": \"10.1.0.0/24\", \"gateway\": \"10.2.0.1\"}");
        assertEquals(400, gwOut.status(), gwOut.text());
        assertTrue(gwOut.text().contains("not inside the network 10.1.0.0/24"), gwOut.text());
        refused("unknown_entity", "Network 'ghost' not found", HttpMethod.PUT, "/2/networks/ghost/modify",
                "{\"mac_prefix\": \"aa:00:00\"}");
        assertEquals(before, gw.get("/2/networks/nat").text(), "refusals change nothing");

        succeeds(HttpMethod.PUT, "/2/networks/nat/modify", "{\"add_reserved_ips\": [\"10.0.0.5\"],"
                + " \"mac_prefix\": \"aa:00:00\"}");
        n = read("/2/networks/nat", j -> j.path("reserved_count").asInt() == 4);
        assertEquals("aa:00:00", n.path("mac_prefix").asText());

        // ConnectNetwork's and DisconnectNetwork's bodies
        succeeds(HttpMethod.PUT, "/2/networks/nat/connect", "{\"group_name\": \"default\", \"network_mode\": \"bridged\","
                + " \"network_link\": \"prv0\", \"network_vlan\": \"\"}");
        assertEquals("[\"default(bridged, prv0)\"]",
                read("/2/networks/nat", j -> j.path("group_list").size() == 1).path("group_list").toString());
        refused("wrong_state", "still connected to the following node group(s): default", HttpMethod.DELETE,
                "/2/networks/nat", null);
        refused("unknown_entity", "Node group 'ghost' not found", HttpMethod.PUT, "/2/networks/nat/connect",
                "{\"group_name\": \"ghost\", \"network_mode\": \"routed\", \"network_link\": \"100\"}");
        succeeds(HttpMethod.PUT, "/2/networks/nat/disconnect", "{\"group_name\": \"default\"}");
        read("/2/networks/nat", j -> j.path("group_list").isEmpty());

        succeeds(HttpMethod.PUT, "/2/networks/nat/tags?tag=t1&tag=t2", null);
        assertEquals("[\"nfdhcpd\",\"t1\",\"t2\"]", read("/2/networks/nat/tags", j -> j.size() == 3).toString());
        succeeds(HttpMethod.DELETE, "/2/networks/nat/tags?tag=t1&tag=nfdhcpd", null);
        assertEquals("[\"t2\"]", read("/2/networks/nat/tags", j -> j.size() == 1).toString());
        refused("unknown_entity", "Network 'ghost' not found", HttpMethod.PUT, "/2/networks/ghost/tags?tag=x", null);
        assertEquals(404, gw.get("/2/networks/ghost/tags").status());

        succeeds(HttpMethod.DELETE, "/2/networks/nat", null);
        read("/2/networks", j -> j.isEmpty());
        assertEquals(404, gw.get("/2/networks/nat").status());
    }
}
