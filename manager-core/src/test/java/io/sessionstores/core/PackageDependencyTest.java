package io.sessionstores.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The direction of every dependency between manager-core's packages (CONTRIBUTING.md, "Layout"),
 * checked on the main code's bytecode:
 *
 * <pre>
 *   cli -> analysis, migrate, expiry, deploycheck -> tool -> SPI
 *   io.sessionstores.core (Tomcat's surface) -> engine -> SPI
 *   SPI = store, frame, codec, config, support: depends on nothing else of core
 * </pre>
 *
 * No package cycle; the engine never knows Tomcat's valves, the Manager's class or a tool; no
 * tool reaches into the engine.
 */
class PackageDependencyTest {

    static final String CORE = "io.sessionstores.core";
    /** What a store backend may use of core: the store SPI and the small packages it builds on. */
    static final String[] SPI = {CORE + ".store..", CORE + ".frame..", CORE + ".codec..", CORE + ".config..",
            CORE + ".support.."};
    static final String[] TOOLS = {CORE + ".cli..", CORE + ".tool..", CORE + ".analysis..", CORE + ".migrate..",
            CORE + ".expiry..", CORE + ".deploycheck.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE);

    @Test
    void noPackageCycles() {
        slices().matching("io.sessionstores.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theSpiDependsOnNothingElseOfCore() {
        classes().that().resideInAnyPackage(SPI)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(CORE + "..").or(resideInAnyPackage(SPI)))
                .check(MAIN);
    }

    @Test
    void theEngineSeesOnlyTheSpiAndTomcatsSessionApi() {
        classes().that().resideInAPackage(CORE + ".engine..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(CORE + "..")
                        .or(resideInAnyPackage(SPI)).or(resideInAnyPackage(CORE + ".engine..")))
                .check(MAIN);
    }

    @Test
    void theEngineNeverKnowsTomcatsValves() {
        noClasses().that().resideInAPackage(CORE + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.catalina.valves..")
                .orShould().dependOnClassesThat().areAssignableTo(org.apache.catalina.Valve.class)
                .check(MAIN);
    }

    @Test
    void toolsNeverReachIntoTheEngine() {
        noClasses().that().resideInAnyPackage(TOOLS)
                .should().dependOnClassesThat().resideInAPackage(CORE + ".engine..")
                .check(MAIN);
    }

    @Test
    void onlyTheCommandLineEntryUsesTheCommands() {
        noClasses().that().resideInAnyPackage(CORE + ".tool..", CORE + ".analysis..", CORE + ".migrate..",
                        CORE + ".expiry..", CORE + ".deploycheck..")
                .should().dependOnClassesThat().resideInAPackage(CORE + ".cli..")
                .check(MAIN);
    }
}
