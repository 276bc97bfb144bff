package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The training run's class loading; the archive itself is made and checked by the packaging (check-dist). */
class CdsTrainingTest {
    @Test
    void onlyAskedForByItsProperty() {
        String before = System.getProperty(CdsTraining.PROPERTY);
        try {
            System.clearProperty(CdsTraining.PROPERTY);
            assertThat(CdsTraining.requested()).isFalse();
            System.setProperty(CdsTraining.PROPERTY, "true");
            assertThat(CdsTraining.requested()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(CdsTraining.PROPERTY);
            } else {
                System.setProperty(CdsTraining.PROPERTY, before);
            }
        }
    }

    @Test
    void fromAClassDirectoryThereIsNothingToLoad() throws Exception {
        // the tests run from target/classes, not from the jar
        assertThat(CdsTraining.loadJarClasses()).isZero();
    }
}
