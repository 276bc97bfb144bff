package io.pgswap.engine;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A daily time window such as 01:00-05:00 (local time of the machine running pgswap); it may
 * wrap midnight (22:00-04:00).
 */
public record Window(LocalTime start, LocalTime end) {
    public Window {
        if (start.equals(end)) {
            throw new IllegalArgumentException("--window start and end are equal");
        }
    }

    public static Window parse(String text) {
        String[] parts = text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--window must look like 01:00-05:00 (got '" + text + "')");
        }
        try {
            return new Window(LocalTime.parse(pad(parts[0].trim())), LocalTime.parse(pad(parts[1].trim())));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--window must look like 01:00-05:00 (got '" + text + "')");
        }
    }

    private static String pad(String hhmm) {
        return hhmm.length() == 4 && hhmm.charAt(1) == ':' ? "0" + hhmm : hhmm;
    }

    public boolean contains(LocalTime t) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** Time from {@code now} until the window closes; zero when outside it. */
    public Duration remaining(ZonedDateTime now) {
        LocalTime t = now.toLocalTime();
        if (!contains(t)) {
            return Duration.ZERO;
        }
        ZonedDateTime close = now.with(end);
        if (!close.isAfter(now)) {
            close = close.plusDays(1);
        }
        return Duration.between(now, close);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
