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
    static final ArchRule the_domain_is_plain_java = classes()
            .that()
            .resideInAPackage("dev.strata.config..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.strata.config..", "java..", "org.jspecify.annotations..")
            .because("the domain must be testable and readable without Spring, JGit or Jackson (JSpecify's"
                    + " annotations only say where null is allowed)");

    @ArchTest
    static final ArchRule only_the_store_touches_git = noClasses()
            .that()
            .resideOutsideOfPackage("dev.strata.store..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jgit..")
            .because("Git plumbing lives in one place");

    @ArchTest
    static final ArchRule jgit_internals_only_where_no_public_api_does_the_job = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.strata.store.CommitPack")
            .and()
            .doNotHaveFullyQualifiedName("dev.strata.store.PackConsolidation")
            .and()
            .doNotHaveFullyQualifiedName("dev.strata.store.RepositoryMaintenance")
            .and()
            .doNotHaveFullyQualifiedName("dev.strata.store.HistoryIndexing")
            .and()
            .doNotHaveFullyQualifiedName("dev.strata.store.PathIds")
            .and()
            .doNotHaveFullyQualifiedName("dev.strata.store.MainLine")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jgit.internal..")
            .because("JGit may change its internals in any release: CommitPack writes a commit as one fsynced pack"
                    + " into the ObjectDirectory, PackConsolidation merges packs (Pack, PackIndex, PackWriter), and"
                    + " RepositoryMaintenance runs GC with the commit-graph and changed-path filters, and"
                    + " HistoryIndexing writes that graph alone, and PathIds reads trees in the order of their"
                    + " packs (Pack, PackIndex), and MainLine walks main by the commit-graph's positions"
                    + " (JGit's RevWalk reads every commit object even when the graph has it), none of which JGit's"
                    + " public API offers");

    @ArchTest
    static final ArchRule yaml_is_read_and_written_by_the_formats_and_the_account_files_only = noClasses()
            .that()
            .resideOutsideOfPackages("dev.strata.formats..", "dev.strata.security..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("tools.jackson.dataformat.yaml..")
            .because("each file format has one reader and one writer, in dev.strata.formats");

    @ArchTest
    static final ArchRule the_formats_are_a_library_on_the_domain = classes()
            .that()
            .resideInAPackage("dev.strata.formats..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "dev.strata.formats..",
                    "dev.strata.config..",
                    "java..",
                    "tools.jackson..",
                    "org.snakeyaml..",
                    "org.jspecify.annotations..")
            .because(
                    "import, download, serving and the store all use them: they know no feature, no Spring and no Git");

    @ArchTest
    static final ArchRule features_use_the_store_through_the_domain_ports = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.strata.editing..",
                    "dev.strata.changes..",
                    "dev.strata.history..",
                    "dev.strata.serving..",
                    "dev.strata.secrets..",
                    "dev.strata.ui..",
                    "dev.strata.remote..",
                    "dev.strata.admin..",
                    "dev.strata.security..",
                    "dev.strata.demo..",
                    "dev.strata.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.strata.store..")
            .because("features reach the repository through the ports in dev.strata.config");

    @ArchTest
    static final ArchRule features_are_free_of_cycles =
            slices().matching("dev.strata.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices().matching("dev.strata.(**)")
            .should()
            .beFreeOfCycles()
            .because("a feature's ui package uses the feature, never the other way round (security.ui's LoginView"
                    + " reaches SecurityConfiguration through SignInPage)");

    @ArchTest
    static final ArchRule only_ui_code_uses_the_ui = noClasses()
            .that()
            .resideOutsideOfPackage("dev.strata..ui..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.strata..ui..")
            .because("services, controllers and configuration must work without a browser");

    @ArchTest
    static final ArchRule services_check_roles_in_code_not_by_method_security_annotations = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework.security.access.prepost..",
                    "org.springframework.security.access.annotation..",
                    "org.springframework.security.authorization.method..")
            .because("method security is not switched on (at start-up its pointcuts scan every method of every"
                    + " Spring bean: 230-270 ms of a Strata start's 1.5 s of CPU), so @PreAuthorize or @Secured would"
                    + " guard nothing: a service checks the person's role itself and throws AccessDeniedException, as"
                    + " SchemaService and Administrators do; views say who may open them with @RolesAllowed,"
                    + " which Vaadin's navigation access control reads");
}
