package io.arrowfamfs.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One package of the layering and the packages it may use: the allowed edges of DESIGN.md
 * section 2. A package id is ArchUnit's: {@code io.arrowfamfs.famfs} is that package alone,
 * {@code io.arrowfamfs.frame..} the package and its sub-packages.
 *
 * @param name     how the graph and the messages call it
 * @param id       the ArchUnit package id
 * @param optional true for a package not written yet (the rule then holds while it is empty)
 * @param reason   why it may use only these
 * @param uses     the names of the layers it may use
 */
record Layer(String name, String id, boolean optional, String reason, List<String> uses) {
    static Layer of(String name, String id, String reason, String... uses) {
        return new Layer(name, id, false, reason, List.of(uses));
    }

    static Layer future(String name, String id, String reason, String... uses) {
        return new Layer(name, id, true, reason, List.of(uses));
    }

    /** Classes of this layer depend on nothing of arrow-famfs but this layer and those it uses. */
    ArchRule rule() {
        List<String> allowed = new ArrayList<>();
        allowed.add(id);
        for (String use : uses) {
            allowed.add(Layering.layer(use).id());
        }
        return classes()
                .that()
                .resideInAPackage(id)
                .should()
                .onlyDependOnClassesThat(resideOutsideOfPackage(Layering.ROOT + "..")
                        .or(resideInAnyPackage(allowed.toArray(String[]::new))))
                .allowEmptyShould(optional)
                .as(name + " uses only " + (uses.isEmpty() ? "no other arrow-famfs package" : String.join(", ", uses)))
                .because(reason);
    }
}
