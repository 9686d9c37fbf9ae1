package jp.kakehashi.appliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.ObjectInputStream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §7 "no sink for untrusted data", held over the bytecode of every main class of every
 * module: no shell, no Java deserialisation, no class loading or scripting, no SQL {@code Statement}
 * outside the migration runner (everything else uses {@code PreparedStatement}).
 */
class SecurityRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("jp.kakehashi");

    /**
     * Only the sanitizer worker pool starts processes, and its command holds no input from users; and
     * the updater, whose commands (the new release's Java, the service manager) come from the
     * operator at the console, never from the network.
     */
    @Test
    void onlyTheWorkerPoolAndTheUpdaterStartAProcess() {
        noClasses()
                .that()
                .resideOutsideOfPackages("jp.kakehashi.appliance.workers", "jp.kakehashi.appliance.update")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ProcessBuilder.class)
                .orShould()
                .callMethod(Runtime.class, "exec", String.class)
                .orShould()
                .callMethod(Runtime.class, "exec", String[].class)
                .check(MAIN);
    }

    /** The updater stops and starts the service: only the console's command may reach it, no front end. */
    @Test
    void onlyTheCommandLineRunsTheUpdater() {
        noClasses()
                .that()
                .resideOutsideOfPackages("jp.kakehashi.appliance.cli", "jp.kakehashi.appliance.update")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(jp.kakehashi.appliance.update.Updater.class)
                .check(MAIN);
    }

    @Test
    void nothingDeserialisesJavaObjects() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ObjectInputStream.class)
                .check(MAIN);
    }

    @Test
    void nothingLoadsClassesOrScripts() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ClassLoader.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("javax.script..")
                .check(MAIN);
    }

    @Test
    void onlyTheMigrationRunnerUsesPlainStatements() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("jp.kakehashi.appliance.store.Database")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(java.sql.Statement.class)
                .check(MAIN);
    }

    @Test
    void theLauncherForbidsDeserialisation() throws Exception {
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("bin/kakehashi"));
        org.assertj.core.api.Assertions.assertThat(launcher).contains("-Djdk.serialFilter='!*'");
    }
}
