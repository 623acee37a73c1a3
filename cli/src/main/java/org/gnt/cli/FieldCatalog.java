package org.gnt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The fields a list command knows, and the choice {@code -o} makes among them: a comma list, or
 * {@code +a,b} for the default fields plus some more. An unknown name is kept as an
 * {@link Field.Kind#UNKNOWN} field so the listing can warn and show {@code ??}, as Ganeti does.
 */
public final class FieldCatalog {
    private final Map<String, Field> fixed = new LinkedHashMap<>();
    private final Function<String, Optional<Field>> dynamic;
    private final List<String> defaults;

    public FieldCatalog(List<Field> fields, List<String> defaults, Function<String, Optional<Field>> dynamic) {
        fields.forEach(f -> fixed.put(f.name(), f));
        this.defaults = List.copyOf(defaults);
        this.dynamic = dynamic;
    }

    public FieldCatalog(List<Field> fields, List<String> defaults) {
        this(fields, defaults, name -> Optional.empty());
    }

    public List<String> defaults() {
        return defaults;
    }

    public Optional<Field> find(String name) {
        Field f = fixed.get(name);
        return f != null ? Optional.of(f) : dynamic.apply(name);
    }

    public List<Field> select(String spec) {
        List<String> names = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            names.addAll(defaults);
        } else {
            String s = spec.trim();
            if (s.startsWith("+")) {
                names.addAll(defaults);
                s = s.substring(1);
            }
            for (String n : s.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
        }
        return names.stream().map(n -> find(n).orElse(new Field(n, n, Field.Kind.UNKNOWN))).toList();
    }
}
