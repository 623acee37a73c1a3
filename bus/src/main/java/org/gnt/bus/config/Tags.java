package org.gnt.bus.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.gnt.plugins.ErrorKind;
import org.gnt.plugins.PluginException;

/**
 * Ganeti's tag rules (objects.TaggableObject): a tag is 1 to {@value #MAX_LENGTH} characters of
 * letters, digits and {@code . + * / : @ - _}, and an object holds at most {@value #MAX_PER_OBJECT}.
 */
public final class Tags {
    public static final int MAX_LENGTH = 128;
    public static final int MAX_PER_OBJECT = 4096;
    /** The kinds of taggable objects, with Ganeti's names ({@code OP_TAGS_*} {@code kind}). */
    public static final List<String> KINDS = List.of("cluster", "node", "nodegroup", "instance", "network");
    private static final Pattern VALID = Pattern.compile("^[\\w.+*/:@-]+$");

    private Tags() {
    }

    /** Refuses a bad tag with an INVAL error naming it and why. */
    public static void validate(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new PluginException(ErrorKind.INVAL, "Tags cannot be empty");
        }
        if (tag.length() > MAX_LENGTH) {
            throw new PluginException(ErrorKind.INVAL, "Tag '" + tag.substring(0, 20) + "...' is too long ("
                    + tag.length() + " characters, at most " + MAX_LENGTH + ")");
        }
        if (!VALID.matcher(tag).matches()) {
            throw new PluginException(ErrorKind.INVAL, "Tag '" + tag + "' contains invalid characters"
                    + " (allowed: letters, digits and . + * / : @ - _)");
        }
    }

    /** The object's tags with {@code add} added (each validated), refused beyond the per-object limit. */
    public static List<String> added(Collection<String> current, Collection<String> add) {
        add.forEach(Tags::validate);
        Set<String> all = new LinkedHashSet<>(current);
        all.addAll(add);
        if (all.size() > MAX_PER_OBJECT) {
            throw new PluginException(ErrorKind.INVAL, "Too many tags: an object can hold at most " + MAX_PER_OBJECT
                    + ", this would make " + all.size());
        }
        return new ArrayList<>(all);
    }

    /** The object's tags without {@code remove}; NOENT naming the tags it does not have. */
    public static List<String> removed(Collection<String> current, Collection<String> remove) {
        List<String> missing = remove.stream().filter(t -> !current.contains(t)).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            throw new PluginException(ErrorKind.NOENT, "Tag(s) " + String.join(", ", missing) + " not found");
        }
        List<String> out = new ArrayList<>(current);
        out.removeAll(remove);
        return out;
    }

    /** Checks an OP_TAGS_* kind and that a name is given exactly when the kind needs one. */
    public static void checkKind(String op, String kind, String name) {
        if (kind == null || !KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
            throw new PluginException(ErrorKind.INVAL, "Parameter 'kind' of " + op + " must be one of "
                    + String.join(", ", KINDS) + (kind == null ? "" : ", got '" + kind + "'"));
        }
        if (!kind.equals("cluster") && (name == null || name.isBlank())) {
            throw new PluginException(ErrorKind.INVAL, "Parameter 'name' of " + op + " is required for kind " + kind);
        }
    }
}
