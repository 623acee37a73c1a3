package org.gnt.bus.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gnt.bus.Json;
import org.gnt.bus.Topics;
import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Moves finished jobs out of the live queue (Ganeti's ArchiveJob / AutoArchiveJobs): the final
 * state is written to {@code jobs.archive}, and only once Kafka has it, a tombstone for the job
 * goes to {@code jobs.state}. A crash in between leaves the job in both topics, never in neither;
 * archiving it again finishes the move. Any process may do this without the master, because the
 * master never writes a job again once it is final.
 */
public final class JobArchive {
    private final Topics topics;
    private final Producer<String, byte[]> producer;
    private final Duration timeout;

    public JobArchive(Topics topics, Producer<String, byte[]> producer, Duration timeout) {
        this.topics = topics;
        this.producer = producer;
        this.timeout = timeout;
    }

    /** Refuses a job that is not final, naming it and its status. */
    public static void requireFinal(JobState j) {
        if (!j.status().isFinal()) {
            throw new PluginException(ErrorKind.STATE, "Job " + j.id() + " is " + j.status().wire()
                    + "; only finished jobs (success, error or canceled) can be archived");
        }
    }

    /**
     * When a job counts as finished for auto-archiving: its end, else its start, else its
     * reception (Ganeti's order). A job with no time at all is treated as ancient.
     */
    public static Instant finishedAt(JobState j) {
        if (j.endTs() != null) {
            return j.endTs();
        }
        if (j.startTs() != null) {
            return j.startTs();
        }
        return j.receivedTs() != null ? j.receivedTs() : Instant.EPOCH;
    }

    /** The finished jobs among {@code jobs} that finished more than {@code olderThan} before {@code now}. */
    public static List<JobState> olderThan(Collection<JobState> jobs, Instant now, Duration olderThan) {
        Instant limit = now.minus(olderThan);
        return jobs.stream().filter(j -> j.status().isFinal() && finishedAt(j).isBefore(limit)).toList();
    }

    /** Every finished job among {@code jobs}, whatever its age ({@code gnt-job autoarchive all}). */
    public static List<JobState> finished(Collection<JobState> jobs) {
        return jobs.stream().filter(j -> j.status().isFinal()).toList();
    }

    /**
     * Archives the given final jobs in two rounds (all archive records, then all tombstones), so a
     * large batch costs two waits rather than two per job. Returns how many were archived.
     */
    public int archive(List<JobState> jobs) {
        jobs.forEach(JobArchive::requireFinal);
        if (jobs.isEmpty()) {
            return 0;
        }
        List<Future<?>> sent = new ArrayList<>();
        for (JobState j : jobs) {
            sent.add(producer.send(new ProducerRecord<>(topics.jobsArchive(), key(j), Json.bytes(j))));
        }
        awaitAll(sent, "jobs.archive");
        sent.clear();
        for (JobState j : jobs) {
            sent.add(producer.send(new ProducerRecord<>(topics.jobsState(), key(j), null)));
        }
        awaitAll(sent, "jobs.state");
        return jobs.size();
    }

    private static String key(JobState j) {
        return Long.toString(j.id());
    }

    private void awaitAll(List<Future<?>> sent, String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<?> f : sent) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(ErrorKind.ENVIRON, "Interrupted while archiving jobs", e);
        } catch (ExecutionException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Cannot write to " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PluginException(ErrorKind.ENVIRON, "Kafka did not take the " + topic + " writes within "
                    + timeout.toSeconds() + " s", e);
        }
    }
}
