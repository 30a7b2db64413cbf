package io.sessionstores.jdbc;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * A backend sees only core's SPI (the {@code store}, {@code frame}, {@code codec}, {@code config} and {@code support}
 * packages): never the Manager, its engine or the tools, so that core can change those freely.
 */
class JdbcCoreDependencyTest {

    private static final String CORE = "io.sessionstores.core";
    private static final String[] SPI = {CORE + ".store..", CORE + ".frame..", CORE + ".codec..", CORE + ".config..",
            CORE + ".support.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sessionstores.jdbc");

    @Test
    void seesOnlyCoresSpi() {
        classes().that().resideInAPackage("io.sessionstores.jdbc..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(CORE + "..").or(resideInAnyPackage(SPI)))
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.sessionstores.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
