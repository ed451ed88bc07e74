package dev.strata;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of STYLE.md, checked on every build. */
@AnalyzeClasses(packages = "dev.strata", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_domain_is_plain_java = classes().that().resideInAPackage("dev.strata.config..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.strata.config..", "java..")
            .because("the domain must be testable and readable without Spring, JGit or Jackson");

    @ArchTest
    static final ArchRule only_the_store_touches_git = noClasses().that().resideOutsideOfPackage("dev.strata.store..")
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
            .because("Git plumbing lives in one place");

    @ArchTest
    static final ArchRule yaml_is_read_and_written_by_the_formats_and_the_account_files_only = noClasses()
            .that().resideOutsideOfPackages("dev.strata.formats..", "dev.strata.security..")
            .should().dependOnClassesThat().resideInAPackage("tools.jackson.dataformat.yaml..")
            .because("each file format has one reader and one writer, in dev.strata.formats");

    @ArchTest
    static final ArchRule the_formats_are_a_library_on_the_domain = classes().that().resideInAPackage("dev.strata.formats..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.strata.formats..", "dev.strata.config..", "java..",
                    "tools.jackson..", "org.snakeyaml..")
            .because("import, download, serving and the store all use them: they know no feature, no Spring and no Git");

    @ArchTest
    static final ArchRule features_use_the_store_through_the_domain_ports = noClasses()
            .that().resideInAnyPackage("dev.strata.editing..", "dev.strata.changes..", "dev.strata.history..",
                    "dev.strata.serving..", "dev.strata.secrets..", "dev.strata.ui..", "dev.strata.remote..")
            .should().dependOnClassesThat().resideInAPackage("dev.strata.store..");

    @ArchTest
    static final ArchRule features_are_free_of_cycles = slices().matching("dev.strata.(*)..")
            .should().beFreeOfCycles();
}
