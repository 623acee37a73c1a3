package org.gnt.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RAPI users file in Ganeti's format: one user per line, {@code name password [options]},
 * options separated by commas without spaces; blank lines and lines starting with {@code #} are
 * skipped. A line that cannot be a user is skipped with a warning, never fatal; a later line for
 * the same name replaces an earlier one.
 */
public record RapiUsers(Map<String, RapiUser> users, List<String> warnings) {
    public RapiUsers {
        users = Map.copyOf(users);
        warnings = List.copyOf(warnings);
    }

    public static RapiUsers empty() {
        return new RapiUsers(Map.of(), List.of());
    }

    public Optional<RapiUser> get(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public static RapiUsers parse(String text) {
        Map<String, RapiUser> users = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length < 2) {
                warnings.add("line " + (n + 1) + ": a user needs a name and a password; line ignored");
                continue;
            }
            if (fields.length > 3) {
                warnings.add("line " + (n + 1) + ": more than three fields (options take commas, no spaces); line ignored");
                continue;
            }
            Set<String> options = new LinkedHashSet<>();
            if (fields.length == 3) {
                Arrays.stream(fields[2].split(",")).filter(o -> !o.isEmpty()).forEach(options::add);
                for (String o : options) {
                    if (!o.equals(RapiUser.WRITE) && !o.equals(RapiUser.READ)) {
                        warnings.add("line " + (n + 1) + ": unknown option '" + o + "' for user " + fields[0]);
                    }
                }
            }
            users.put(fields[0], new RapiUser(fields[0], fields[1], options));
        }
        return new RapiUsers(users, warnings);
    }

    /** Reads a users file; a missing file means no users (every authenticated request is refused). */
    public static RapiUsers load(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new RapiUsers(Map.of(), List.of("users file " + file + " does not exist"));
        }
    }
}
