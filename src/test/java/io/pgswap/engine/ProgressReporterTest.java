package io.pgswap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.core.Progress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static String copyLine(long estimated, long pagesDone, long pagesTotal, long rows) {
        Progress p = new Progress();
        p.steps(List.of("copy"));
        p.enter("copy");
        p.estimatedRows(estimated);
        p.pages(0, pagesTotal);
        p.copied(pagesDone, rows);
        try (ProgressReporter r = new ProgressReporter(p, Duration.ofHours(1), false)) {
            return r.line();
        }
    }

    @Test
    void theCopysTotalComesFromTheEstimateWhileTheRowsStayBelowIt() {
        assertThat(copyLine(1000, 25, 100, 250)).startsWith("copy: 25% (250 of ~1,000 rows)");
    }

    @Test
    void staleStatisticsDoNotSayAllRowsAreCopiedAtSeventyTwoPercent() {
        // reltuples said 36,160 rows, the table has more: the pages done tell the total
        assertThat(copyLine(36_160, 72, 100, 36_160)).startsWith("copy: 72% (36,160 of ~50,222 rows)");
    }
}
