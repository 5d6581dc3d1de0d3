package dev.stepsengine.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AnnotatedElement;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one "no reflection" ArchUnit rule (DESIGN "Tests and CI"), shared through the runtime's
 * test-jar by the runtime's own test and the test of the generated pipelines: no
 * {@code java.lang.reflect}, no member or class look-ups by name on {@link Class}, no
 * {@code MethodHandles.Lookup#find*}/{@code unreflect*}, no {@link ServiceLoader}, and no
 * annotations read at run time. {@code Class.isInstance} and {@code Class.cast} stay allowed.
 */
public final class NoReflection {
  /** Methods of {@link Class} that look classes or members up by name (the {@code getDeclared*} ones too). */
  private static final Set<String> CLASS_LOOKUPS = Set.of("forName", "newInstance", "getMethod", "getMethods",
      "getField", "getFields", "getConstructor", "getConstructors", "getRecordComponents", "getEnclosingMethod",
      "getEnclosingConstructor");

  /** Methods of {@link AnnotatedElement} (and so of {@link Class}) that read annotations. */
  private static final Set<String> ANNOTATION_READS = Set.of("getAnnotation", "getAnnotations",
      "getAnnotationsByType", "getDeclaredAnnotation", "getDeclaredAnnotations",
      "getDeclaredAnnotationsByType", "isAnnotationPresent");

  private NoReflection() {}

  /** Returns the rule for the classes {@code classes} selects, explained by {@code because}. */
  public static ArchRule in(DescribedPredicate<? super JavaClass> classes, String because) {
    return noClasses().that(classes)
        .should().dependOnClassesThat().resideInAPackage("java.lang.reflect..")
        .orShould().callCodeUnitWhere(target(Class.class,
            name -> CLASS_LOOKUPS.contains(name) || name.startsWith("getDeclared"), "Class look-ups by name"))
        .orShould().callCodeUnitWhere(target(AnnotatedElement.class, ANNOTATION_READS::contains, "annotation reads"))
        .orShould().callCodeUnitWhere(target(MethodHandles.Lookup.class,
            name -> name.startsWith("find") || name.startsWith("unreflect"), "MethodHandles.Lookup#find*"))
        .orShould().dependOnClassesThat().areAssignableTo(ServiceLoader.class)
        .because(because);
  }

  /**
   * Matches calls of a method named by {@code names} on {@code owner} or any subtype of it (so
   * {@code getAnnotation} is caught whether called on {@code Class} or any other annotated element).
   */
  private static DescribedPredicate<JavaCall<?>> target(Class<?> owner, Predicate<String> names, String description) {
    return DescribedPredicate.describe(description,
        call -> call.getTarget().getOwner().isAssignableTo(owner) && names.test(call.getTarget().getName()));
  }
}
