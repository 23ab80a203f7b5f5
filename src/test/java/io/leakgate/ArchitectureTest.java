package io.leakgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of ../shared/ARCHITECTURE.md, checked on the compiled classes: {@code cli -> hook ->
 * source/policy/report -> detect -> regex/rules}, everything may use the result model
 * ({@code finding}), and nothing points back.
 */
class ArchitectureTest {
    private static final String OURS = "io.leakgate";
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(OURS, "com.google.re2j");
    }

    /** Classes of {@code pkg} (and its subpackages) may depend on these of ours, and on no other. */
    private static ArchRule only(String pkg, String... allowed) {
        String[] packages = new String[allowed.length + 3];
        packages[0] = "java..";
        packages[1] = OURS;
        packages[2] = OURS + "." + pkg.replace("..", "") + "..";
        for (int i = 0; i < allowed.length; i++) {
            packages[i + 3] = OURS + "." + allowed[i] + "..";
        }
        return noClasses().that().resideInAPackage(OURS + "." + pkg + "..")
                .should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("another part of leakgate",
                                c -> c.getPackageName().startsWith(OURS + ".")
                                        && !matchesAny(c.getPackageName(), packages)))
                .because(pkg + " may use only " + String.join(", ", allowed));
    }

    private static boolean matchesAny(String packageName, String[] patterns) {
        for (String p : patterns) {
            if (p.endsWith("..")) {
                String base = p.substring(0, p.length() - 2);
                if (packageName.equals(base) || packageName.startsWith(base + ".")) {
                    return true;
                }
            } else if (packageName.equals(p)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theResultModelDependsOnNothingOfOurs() {
        only("finding").check(main);
    }

    @Test
    void theRegexWrapperDependsOnNothingOfOurs() {
        only("regex").check(main);
    }

    @Test
    void onlyTheRegexWrapperTouchesRe2j() {
        noClasses().that().resideInAPackage(OURS + "..")
                .and().resideOutsideOfPackage(OURS + ".regex..")
                .should().dependOnClassesThat().resideInAPackage("com.google.re2j..")
                .because("io.leakgate.regex is the one place that knows RE2J and its internals")
                .check(main);
        classes().that().resideInAPackage("com.google.re2j..")
                .should().onlyBeAccessed().byClassesThat().resideInAnyPackage("com.google.re2j..", OURS + ".regex..")
                .check(main);
    }

    @Test
    void theRuleModelKnowsOnlyFindingsVocabularyAndRegexes() {
        only("rules", "regex", "finding").check(main);
    }

    @Test
    void theEngineKnowsRulesButNotWhereBytesCameFrom() {
        only("detect", "rules", "regex", "finding").check(main);
    }

    @Test
    void sourcesFeedTheEngineAndKnowNothingOfReportsPoliciesOrHooks() {
        only("source", "detect", "rules", "regex", "finding").check(main);
    }

    @Test
    void policiesAndReportsKnowOnlyFindings() {
        only("policy", "finding").check(main);
        only("report", "finding").check(main);
    }

    @Test
    void hooksUseTheLayersBelowThemAndNeverTheCommandLine() {
        only("hook", "source", "policy", "report", "detect", "rules", "regex", "finding").check(main);
    }

    @Test
    void theFleetRunsTheGitSourceAndKnowsNeitherHooksNorTheCommandLine() {
        only("fleet", "source", "policy", "report", "detect", "rules", "regex", "finding").check(main);
    }

    /**
     * A hook starts a JVM per push: asking the git that runs it ({@code hook.git}) is faster than
     * opening the repository with JGit, and gives the quarantine and the index for free. Only the
     * installers, which run once at set-up, read a repository's config with JGit.
     */
    @Test
    void hooksAskGitsOwnProcessesAndNeverOpenTheRepositoryWithJgit() {
        noClasses().that().resideInAPackage(OURS + ".hook..")
                .and().doNotHaveSimpleName("HookInstaller")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
                .because("the hook path reads objects through git cat-file and git log, not JGit")
                .check(main);
    }

    @Test
    void noPackageCyclesAnywhere() {
        slices().matching("io.leakgate.(**)").should().beFreeOfCycles().check(main);
    }
}
