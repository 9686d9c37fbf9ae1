package jp.kakehashi.appliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code (DESIGN §5), held over the bytecode: the appliance's packages form no
 * cycle, only the command line reaches the package that wires the program together, and the three
 * libraries stay leaves that know nothing of each other or of the appliance.
 */
class PackageRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("jp.kakehashi");

    /** A cycle means no package can be read, tested or replaced without the others in it. */
    @Test
    void theAppliancesPackagesFormNoCycle() {
        // The rules below pass vacuously over nothing: the appliance's own classes must be there.
        assertThat(MAIN.containPackage("jp.kakehashi.appliance.pipeline")).isTrue();
        assertThat(MAIN.containPackage("jp.kakehashi.appliance.item")).isTrue();
        assertThat(MAIN.containPackage("jp.kakehashi.appliance.approval")).isTrue();
        slices().matching("jp.kakehashi.appliance.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    /**
     * {@code Appliance} and {@code Main} are the top of the program: the command line starts them,
     * and nothing else may lean on them (the types everything builds on live in {@code base}).
     */
    @Test
    void onlyTheCommandLineReachesTheWiring() {
        assertThat(MAIN.contain("jp.kakehashi.appliance.Appliance")).isTrue();
        noClasses()
                .that()
                .resideOutsideOfPackages("jp.kakehashi.appliance", "jp.kakehashi.appliance.cli")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jp.kakehashi.appliance")
                .check(MAIN);
    }

    /** The libraries are leaves: usable alone, and none of them is a way into another. */
    @Test
    void theLibrariesKnowNeitherEachOtherNorTheAppliance() {
        noClasses()
                .that()
                .resideInAPackage("jp.kakehashi.sanitizer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jp.kakehashi.appliance..", "jp.kakehashi.web..", "jp.kakehashi.policies..")
                .allowEmptyShould(true)
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("jp.kakehashi.policies..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jp.kakehashi.appliance..", "jp.kakehashi.web..", "jp.kakehashi.sanitizer..")
                .allowEmptyShould(true)
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("jp.kakehashi.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jp.kakehashi.appliance..", "jp.kakehashi.sanitizer..", "jp.kakehashi.policies..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    /**
     * Who receives what is the exchange's rule ({@code transfer.Exchange}): the front ends ask it,
     * never the item store's delivery lists, so no front end can hand a file to someone the other
     * would not (SFTP once gave officers and administrators every partner's files).
     */
    @Test
    void frontEndsAskTheExchangeWhoReceivesWhat() {
        assertThat(MAIN.containPackage("jp.kakehashi.appliance.transfer")).isTrue();
        noClasses()
                .that()
                .resideInAnyPackage(
                        "jp.kakehashi.appliance.sftp..",
                        "jp.kakehashi.appliance.portal..",
                        "jp.kakehashi.appliance.cli..")
                .should()
                .callMethod(
                        jp.kakehashi.appliance.item.Items.class,
                        "published",
                        jp.kakehashi.policies.Flow.class,
                        java.util.Optional.class)
                .orShould()
                .callMethod(
                        jp.kakehashi.appliance.item.Items.class,
                        "heldEncrypted",
                        jp.kakehashi.policies.Flow.class,
                        java.util.Optional.class)
                .check(MAIN);
    }

    /**
     * Packages whose stores have ports ({@code folders}: folders, share links; {@code approval};
     * {@code originals}; {@code quarantine}; {@code policy}; {@code ppap}; {@code item}; {@code identity}; {@code retention})
     * hold no SQL: it lives in the adapters ({@code jdbc}), so a second database is a second
     * adapter, not an edit of the rules. The other packages join this list as their stores get
     * ports; a transaction is a {@code store.Tx}, never a JDBC connection.
     */
    @Test
    void packagesBehindStorePortsHoldNoSql() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "jp.kakehashi.appliance.folders..",
                        "jp.kakehashi.appliance.approval..",
                        "jp.kakehashi.appliance.originals..",
                        "jp.kakehashi.appliance.quarantine..",
                        "jp.kakehashi.appliance.policy..",
                        "jp.kakehashi.appliance.ppap..",
                        "jp.kakehashi.appliance.item..",
                        "jp.kakehashi.appliance.identity..",
                        "jp.kakehashi.appliance.retention..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "jp.kakehashi.appliance.jdbc..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(jp.kakehashi.appliance.store.JdbcTx.class.getName())
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(jp.kakehashi.appliance.store.Database.class.getName())
                .check(MAIN);
    }

    /**
     * No main source file of the project grows past 600 lines: past that, a class holds more than
     * one concern (issue 24 split the two that had). The modules are read from the source tree.
     */
    @Test
    void noMainSourceFileIsOver600Lines() throws java.io.IOException {
        java.nio.file.Path project = java.nio.file.Path.of("").toAbsolutePath().getParent();
        java.util.List<String> tooLong = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(project)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")
                            && p.toString().contains("/src/main/java/")
                            && !p.toString().contains("/target/"))
                    .toList()) {
                long lines;
                try (java.util.stream.Stream<String> l = java.nio.file.Files.lines(f)) {
                    lines = l.count();
                }
                if (lines > 600) {
                    tooLong.add(project.relativize(f) + " (" + lines + ")");
                }
            }
        }
        assertThat(tooLong).as("main source files over 600 lines").isEmpty();
    }
}
