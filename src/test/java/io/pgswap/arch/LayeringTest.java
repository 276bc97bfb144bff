package io.pgswap.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.pgswap.ops.Operation;
import io.pgswap.ops.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, checked: dependencies point down only, from the command line to the
 * quoting function, and no two packages depend on each other. A back edge fails the build.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.pgswap");
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Cli").definedBy("io.pgswap.cli..")
                .layer("Engine").definedBy("io.pgswap.engine..", "io.pgswap.metrics..", "io.pgswap.lint..",
                        "io.pgswap.apply..")
                .layer("Pipelines").definedBy("io.pgswap.pipeline..", "io.pgswap.inplace..", "io.pgswap.capture..",
                        "io.pgswap.shadow..", "io.pgswap.copy..", "io.pgswap.replay..", "io.pgswap.swap..",
                        "io.pgswap.checksum..")
                .layer("Operations").definedBy("io.pgswap.ops..")
                .layer("Core").definedBy("io.pgswap.core..", "io.pgswap.plan..", "io.pgswap.recipe..")
                .layer("Infrastructure").definedBy("io.pgswap.catalog..", "io.pgswap.state..", "io.pgswap.db..",
                        "io.pgswap.sql..", "io.pgswap.retry..")
                .layer("Base").definedBy("io.pgswap")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Pipelines").mayOnlyBeAccessedByLayers("Cli", "Engine")
                .whereLayer("Operations").mayOnlyBeAccessedByLayers("Cli", "Engine", "Pipelines")
                .whereLayer("Core").mayOnlyBeAccessedByLayers("Cli", "Engine", "Pipelines", "Operations")
                .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Cli", "Engine", "Pipelines", "Operations",
                        "Core")
                .check(classes);
    }

    @Test
    void theInfrastructureHasItsOwnOrder() {
        noClasses().that().resideInAPackage("io.pgswap.sql..").should().dependOnClassesThat()
                .resideInAnyPackage("io.pgswap.db..", "io.pgswap.catalog..", "io.pgswap.state..", "io.pgswap.retry..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.pgswap.db..", "io.pgswap.retry..").should().dependOnClassesThat()
                .resideInAnyPackage("io.pgswap.catalog..", "io.pgswap.state..").check(classes);
        noClasses().that().resideInAPackage("io.pgswap.catalog..").should().dependOnClassesThat()
                .resideInAPackage("io.pgswap.state..").check(classes);
        noClasses().that().resideInAPackage("io.pgswap.state..").should().dependOnClassesThat()
                .resideInAPackage("io.pgswap.catalog..").check(classes);
        noClasses().that().resideInAPackage("io.pgswap.plan..").should().dependOnClassesThat()
                .resideInAnyPackage("io.pgswap.core..", "io.pgswap.recipe..").check(classes);
    }

    @Test
    void rolesDoNotKnowTheOrchestrators() {
        noClasses().that().resideInAnyPackage("io.pgswap.capture..", "io.pgswap.shadow..", "io.pgswap.copy..",
                        "io.pgswap.replay..", "io.pgswap.swap..", "io.pgswap.checksum..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pgswap.pipeline..", "io.pgswap.inplace..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.pgswap.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEngineNeverAsksWhichOperationItRuns() {
        noClasses().that().resideInAnyPackage("io.pgswap.engine..", "io.pgswap.pipeline..", "io.pgswap.inplace..",
                        "io.pgswap.cli..", "io.pgswap.metrics..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "operation implementations", c -> c.getPackageName().equals("io.pgswap.ops")
                                && !c.getName().startsWith(Operation.class.getName())
                                && !c.getName().equals(Registry.class.getName())))
                .check(classes);
    }

    @Test
    void everyOperationNamesItsTableTableAndIsRegisteredOnce() {
        for (Operation<?> op : Registry.ALL) {
            assertThat(op.argsType().getRecordComponents()).as(op.name())
                    .anySatisfy(c -> {
                        assertThat(c.getName()).isEqualTo("table");
                        assertThat(c.getType()).isEqualTo(io.pgswap.core.Target.class);
                    });
        }
        assertThat(Registry.ALL.stream().map(Operation::name).distinct().count()).isEqualTo(Registry.ALL.size());
    }

    @Test
    void noMainClassIsOver400Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> big = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readAllLines(p).size() > 400;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertThat(big).as("classes over 400 lines").isEmpty();
        }
    }
}
