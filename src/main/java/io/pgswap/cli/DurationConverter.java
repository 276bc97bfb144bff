package io.pgswap.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses 250ms, 5s, 10m, 2h, 7d (and combinations such as 1h30m). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|min|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase();
        if (v.isEmpty()) {
            throw new CommandLine.TypeConversionException("empty duration");
        }
        if (v.equals("0")) {
            return Duration.ZERO; // callers that need a positive value say so in their own words
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            pos = m.end();
        }
        if (pos != v.length()) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration; use a number with a unit: 250ms, 5s, 10m (or 10min), 2h, 7d");
        }
        return total;
    }
}
