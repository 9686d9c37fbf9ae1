package jp.kakehashi.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Bytecode rules for the web module (DESIGN §5 and §7). */
class WebRulesTest {
    private static final JavaClasses WEB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.kakehashi.web");

    @Test
    void webNeverImportsTheAppliance() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jp.kakehashi.appliance..")
                .check(WEB);
    }

    @Test
    void noRequestCanReachATemplateEngineAtRunTime() {
        // Pages are compiled to Java at build time; the runtime jar has no parser, and nothing may load one.
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("gg.jte.TemplateEngine")
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("gg.jte.compiler..", "freemarker..", "org.thymeleaf..", "org.apache.velocity..")
                .check(WEB);
    }

    @Test
    void noShellNoDeserialisationNoReflection() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould()
                .callMethod(Class.class, "forName", String.class)
                .check(WEB);
    }
}
