package io.choreo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the code as rules that fail the build: the domain is plain Java, services share
 * nothing but {@code shared-events}, and handlers reach the database only through their store.
 * Read over the production classes of every module (this module depends on all of them).
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // In `verify` the modules arrive as jars, in `test` as class folders; shared-events' test-jar is test code.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.choreo");

    /** The database as code sees it: the ORM, JPA and the SQL clients. */
    static final String[] DATABASE = {
        "jakarta.persistence..",
        "org.hibernate..",
        "io.vertx.sqlclient..",
        "io.vertx.mutiny.sqlclient..",
        "io.vertx.pgclient..",
        "io.vertx.mutiny.pgclient.."
    };

    static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses()
            .that()
            .resideInAPackage("io.choreo..domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta..", "io.quarkus..", "io.smallrye..", "io.vertx..", "org.hibernate..")
            .as("domain packages import no framework");

    static final ArchRule SERVICES_SHARE_ONLY_SHARED_EVENTS = slices().matching("io.choreo.(*)..")
            .should()
            .notDependOnEachOther()
            .ignoreDependency(
                    com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.choreo.events.."))
            .as("no service imports another service's code (only shared-events)");

    static final ArchRule HANDLERS_GO_THROUGH_THE_STORE = noClasses()
            .that()
            .resideInAnyPackage("io.choreo..handling..", "io.choreo..service..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(DATABASE)
            .as("handlers reach the database only through their store");

    @Test
    void theDomainImportsNoFramework() {
        DOMAIN_IS_PLAIN_JAVA.check(CLASSES);
    }

    @Test
    void noServiceImportsAnotherServicesCode() {
        SERVICES_SHARE_ONLY_SHARED_EVENTS.check(CLASSES);
    }

    @Test
    void handlersReachTheDatabaseOnlyThroughTheirStore() {
        HANDLERS_GO_THROUGH_THE_STORE.check(CLASSES);
    }

    @Test
    void theRulesSeeEveryModule() {
        for (String module : new String[] {"events", "inventory", "payment", "shipping", "notification"}) {
            if (!CLASSES.containPackage("io.choreo." + module)
                    && CLASSES.stream().noneMatch(c -> c.getPackageName().startsWith("io.choreo." + module + "."))) {
                throw new AssertionError(
                        "no classes of io.choreo." + module + " were imported: the rules would pass vacuously");
            }
        }
    }
}
