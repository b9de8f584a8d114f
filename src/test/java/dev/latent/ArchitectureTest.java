package dev.latent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the package map (docs/design.md), checked on the compiled main classes: no cycle between
 * the top-level packages of {@code dev.latent}, and the pure core (the engine, the evaluation and the model
 * core) free of Spring, JPA, Jakarta, servlet and web types, so it runs in the CLI, a benchmark or a Spark
 * job without the service.
 */
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {"org.springframework..", "jakarta..", "javax.persistence..",
            "javax.servlet..", "org.hibernate..", "tools.jackson..", "com.fasterxml.jackson..", "io.swagger..",
            "org.springdoc..", "io.micrometer.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.latent");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.latent.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void engineAndEvaluationImportNoFramework() {
        noClasses().that().resideInAnyPackage("dev.latent.factorization..", "dev.latent.evaluation..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(classes);
    }

    /** The model core is pure; its Spring glue (store, holder bean) lives in {@code model.store}. */
    @Test
    void modelCoreImportsNoFramework() {
        noClasses().that().resideInAPackage("dev.latent.model")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(classes);
    }

    /** The pure core never reaches up into the service's packages. */
    @Test
    void pureCoreDependsOnlyOnPureCore() {
        noClasses().that().resideInAnyPackage("dev.latent.factorization..", "dev.latent.evaluation..",
                        "dev.latent.model")
                .should().dependOnClassesThat().resideInAnyPackage("dev.latent.ratings..", "dev.latent.serving..",
                        "dev.latent.training..", "dev.latent.web..", "dev.latent.cli..", "dev.latent.model.store..")
                .check(classes);
    }

    /** Serving and training meet only in the model package. */
    @Test
    void servingAndTrainingDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("dev.latent.serving..")
                .should().dependOnClassesThat().resideInAPackage("dev.latent.training..").check(classes);
        noClasses().that().resideInAPackage("dev.latent.training..")
                .should().dependOnClassesThat().resideInAPackage("dev.latent.serving..").check(classes);
    }
}
