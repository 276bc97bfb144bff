package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusNoteTest {
    private static Map<String, Object> row(String recipe, String phase, Boolean running, String waiting) {
        Map<String, Object> r = new HashMap<>();
        r.put("table", "public.t");
        r.put("recipe", recipe);
        r.put("phase", phase);
        r.put("running", running);
        r.put("waiting", waiting);
        r.put("pending", List.of());
        return r;
    }

    @Test
    void aKilledRunBeforeItsSwapOffersResumeAndAbort() {
        assertThat(StatusCommand.note(row("swap", "copy", false, null))).contains("not running")
                .contains("'pgswap resume' continues it, 'pgswap abort public.t' removes what it made");
    }

    @Test
    void aKilledRunThatHasSwappedDoesNotOfferTheAbortThatWouldRefuse() {
        assertThat(StatusCommand.note(row("swap", "finish", false, null))).contains("not running")
                .contains("it has swapped").contains("'pgswap resume' finishes it").doesNotContain("pgswap abort");
    }

    @Test
    void aRunningRunSaysWhatItWaitsFor() {
        assertThat(StatusCommand.note(row("swap", "copy", true, "paused: the pause file /tmp/p exists")))
                .isEqualTo("paused: the pause file /tmp/p exists");
    }
}
