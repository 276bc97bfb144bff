package io.pgswap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tag;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a registry in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static String render(MeterRegistry registry) {
        Map<String, StringBuilder> families = new LinkedHashMap<>();
        List<Meter> meters = registry.getMeters().stream()
                .sorted(Comparator.comparing((Meter m) -> m.getId().getName())
                        .thenComparing(m -> m.getId().getTags().toString()))
                .toList();
        for (Meter m : meters) {
            boolean counter = m instanceof Counter || m instanceof FunctionCounter;
            String name = name(m, counter);
            StringBuilder family = families.computeIfAbsent(name, k -> {
                StringBuilder sb = new StringBuilder();
                String help = m.getId().getDescription();
                if (help != null) {
                    sb.append("# HELP ").append(k).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                            .append('\n');
                }
                sb.append("# TYPE ").append(k).append(counter ? " counter" : " gauge").append('\n');
                return sb;
            });
            double value = Double.NaN;
            for (Measurement ms : m.measure()) {
                value = ms.getValue();
                break;
            }
            family.append(name).append(labels(m.getId().getTags())).append(' ').append(number(value)).append('\n');
        }
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.toString();
    }

    static String name(Meter m, boolean counter) {
        String base = m.getId().getName().replace('.', '_');
        String unit = m.getId().getBaseUnit();
        if (unit != null && !unit.isEmpty() && !base.endsWith("_" + unit)) {
            base = base + "_" + unit;
        }
        return counter ? base + "_total" : base;
    }

    static String labels(List<Tag> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < tags.size(); i++) {
            Tag t = tags.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(t.getKey().replaceAll("[^a-zA-Z0-9_]", "_")).append("=\"")
                    .append(t.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return sb.append('}').toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
