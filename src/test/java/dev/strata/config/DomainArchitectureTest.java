package dev.strata.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DomainArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.strata");

    @Test
    void the_domain_depends_on_nothing_but_java() {
        noClasses().that().resideInAPackage("dev.strata.config..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.strata.config..")
                .check(CLASSES);
    }

    @Test
    void only_the_store_touches_git_and_yaml() {
        noClasses().that().resideOutsideOfPackage("dev.strata.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jgit..", "tools.jackson.dataformat.yaml..",
                        "org.snakeyaml..")
                .check(CLASSES);
    }
}
