package org.gnt.gateway.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file on disk, re-read when its modification time or size changes (the server calls
 * {@link #refresh()} every few seconds), so edits apply without a restart as in Ganeti. When a
 * re-read fails the previous users stay in force.
 */
public final class RapiUsersFile implements Supplier<RapiUsers> {
    private static final Logger LOG = LoggerFactory.getLogger(RapiUsersFile.class);

    private final Path file;
    private volatile RapiUsers users = RapiUsers.empty();
    private String stamp = "";

    public RapiUsersFile(Path file) {
        this.file = Objects.requireNonNull(file, "file is null");
        refresh();
    }

    public Path path() {
        return file;
    }

    @Override
    public RapiUsers get() {
        return users;
    }

    /** Re-reads the file if it changed; returns whether the users were replaced. Blocking (file I/O). */
    public synchronized boolean refresh() {
        String now = stamp();
        if (now.equals(stamp)) {
            return false;
        }
        try {
            RapiUsers next = RapiUsers.load(file);
            next.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
            users = next;
            stamp = now;
            LOG.info("loaded {} RAPI user(s) from {}", next.users().size(), file);
            return true;
        } catch (IOException e) {
            LOG.warn("cannot read RAPI users file {}; keeping the previous users: {}", file, e.toString());
            return false;
        }
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
