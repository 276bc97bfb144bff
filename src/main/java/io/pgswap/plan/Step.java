package io.pgswap.plan;

import java.time.Duration;
import java.util.List;

/**
 * One step of a plan: what it does, the statements it sends (as sent), the strongest lock it
 * takes on {@code lockTarget}, and an estimate of how long it runs.
 */
public record Step(String phase, String description, List<String> sql, LockLevel lock, String lockTarget,
                   Duration estimate, String note) {
}
