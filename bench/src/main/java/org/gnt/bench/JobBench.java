package org.gnt.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.curator.framework.CuratorFramework;
import org.gnt.bus.BusClients;
import org.gnt.bus.BusConfig;
import org.gnt.bus.Json;
import org.gnt.bus.job.JobClient;
import org.gnt.bus.job.JobState;
import org.gnt.bus.job.JobStatus;
import org.gnt.testkit.RapiHttp;

/**
 * Job throughput against a running quickstart cluster: no-op jobs (OP_TEST_DELAY, duration 0)
 * submitted on the bus, and fake-instance creates submitted through RAPI. Each submitter submits
 * and waits for success before its next job; latency is submit to success.
 *
 * <p>{@code bench/run [--data DIR] [--jobs N] [--submitters C[,C..]] [--only noop|create]}; with
 * {@code --takeover [--rounds N]} it measures master takeover on a cluster of its own instead
 * ({@link TakeoverBench}).
 */
public final class JobBench {
    private JobBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("user.home"), ".gnt", "quickstart");
        int jobs = 1000;
        List<Integer> concurrencies = List.of(8);
        int rounds = 0;
        List<int[]> scales = new ArrayList<>();
        int rapiPort = 5080;
        String only = "";
        List<Integer> kvmSizes = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--concurrency", "--submitters" -> concurrencies = java.util.Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::valueOf).toList();
                case "--takeover" -> rounds = Math.max(rounds, 3);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--scale" -> {
                    String[] nm = args[++i].split(",");
                    scales.add(new int[]{Integer.parseInt(nm[0].trim()), Integer.parseInt(nm[1].trim())});
                }
                case "--rapi-port" -> rapiPort = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--kvm" -> kvmSizes = kvmSizes.isEmpty() ? List.of(128, 512) : kvmSizes;
                case "--sizes" -> kvmSizes = java.util.Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!kvmSizes.isEmpty()) {
            KvmBench.run(kvmSizes, rounds > 0 ? rounds : 3, Path.of("bench", "target", "kvm-guest").toAbsolutePath());
            return;
        }
        if (!scales.isEmpty()) {
            for (int[] nm : scales) {
                ScaleBench.run(nm[0], nm[1], Path.of("dist", "target", "bundles").toAbsolutePath());
            }
            return;
        }
        if (rounds > 0) {
            TakeoverBench.run(rounds, Path.of("dist", "target", "bundles").toAbsolutePath());
            return;
        }
        BusConfig bus = BusConfig.load(data.resolve("gnt.conf"));
        String cred = Files.readString(data.resolve("rapi-credentials")).trim();
        RapiHttp rapi = new RapiHttp("https://127.0.0.1:" + rapiPort, cred.substring(0, cred.indexOf(':')),
                cred.substring(cred.indexOf(':') + 1));
        try (CuratorFramework curator = BusClients.curator(bus); JobClient client = new JobClient(bus, curator)) {
            client.view().awaitCaughtUp(Duration.ofMinutes(1));
            JsonNode noop = Json.MAPPER.readTree("{\"OP_ID\": \"OP_TEST_DELAY\", \"duration\": 0}");
            if (!only.equals("create")) {
                run("warm-up no-op", 200, concurrencies.get(concurrencies.size() - 1),
                        n -> client.submitAndGetId(List.of(noop), 0), client);
                for (int concurrency : concurrencies) {
                    report("no-op jobs (OP_TEST_DELAY 0, bus)", jobs, concurrency,
                            run("no-op", jobs, concurrency, n -> client.submitAndGetId(List.of(noop), 0), client));
                }
            }
            int concurrency = concurrencies.get(0);
            if (!only.equals("noop")) {
                String prefix = "bench" + System.currentTimeMillis() % 100000 + "-";
                Result r = run("create", jobs, concurrency, n -> rapiJob(rapi, "POST", "/2/instances", """
                        {"__version__": 1, "mode": "create", "name": "%s%d", "disk_template": "diskless",
                         "os": "noop", "beparams": {"memory": 128}, "start": false,
                         "name_check": false, "ip_check": false}""".formatted(prefix, n)), client);
                report("fake-instance creates (diskless, RAPI)", jobs, concurrency, r);
                Result rm = run("remove", jobs, concurrency,
                        n -> rapiJob(rapi, "DELETE", "/2/instances/" + prefix + n, null), client);
                report("instance removes (RAPI)", jobs, concurrency, rm);
            }
        }
    }

    interface Submit {
        long submit(int n) throws Exception;
    }

    record Result(double seconds, List<Double> latenciesMs, int failed) {
    }

    private static long rapiJob(RapiHttp rapi, String method, String path, String body) {
        RapiHttp.Response r = rapi.send(method, path, body);
        if (r.status() != 200) {
            throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return Long.parseLong(r.body().trim());
    }

    private static Result run(String what, int jobs, int concurrency, Submit submit, JobClient client) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            fs.add(pool.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < jobs) {
                    long t0 = System.nanoTime();
                    long id = submit.submit(n);
                    JobState j = client.awaitFinal(id, Duration.ofMinutes(5)).get()
                            .orElseThrow(() -> new IllegalStateException("job " + id + " did not finish"));
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    if (j.status() != JobStatus.SUCCESS) {
                        if (failed.incrementAndGet() <= 3) {
                            System.err.println(what + " job " + id + " failed: " + j.ops().get(0).result());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return new Result((System.nanoTime() - start) / 1e9, latencies, failed.get());
    }

    private static void report(String what, int jobs, int concurrency, Result r) {
        List<Double> l = new ArrayList<>(r.latenciesMs());
        Collections.sort(l);
        System.out.printf("%-40s %5d jobs, %2d submitters: %8.1f jobs/s   p50 %7.1f ms   p99 %7.1f ms   failed %d%n",
                what, jobs, concurrency, jobs / r.seconds(), pct(l, 0.50), pct(l, 0.99), r.failed());
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
