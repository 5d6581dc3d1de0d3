package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import dev.stepsengine.testing.NoReflection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime uses no reflection (DESIGN "Tests and CI"; GraalVM native images): no
 * {@code java.lang.reflect}, no {@code Class.forName}, no {@code Class.getDeclared*} / {@code getMethod}
 * / {@code getField} / {@code getConstructor}, no {@code MethodHandles.Lookup#find*}, no
 * {@code ServiceLoader}, and no annotations read at run time. The rule is also evaluated on small
 * test-only classes that break it, to prove it can fail.
 */
class NoReflectionArchTest {

  static final ArchRule NO_REFLECTION = NoReflection.in(JavaClass.Predicates.resideInAPackage("dev.stepsengine.."),
      "the runtime must work in GraalVM native images without reflection configuration");

  /** The main classes of the runtime only: test classes (in any build output folder) are left out. */
  private static JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // DO_NOT_INCLUDE_TESTS knows only target/test-classes; builds may use -Dsteps.target=target-x
        .withImportOption(location -> !location.contains("/test-classes/"))
        .importPackages("dev.stepsengine");
  }

  @Test
  @DisplayName("No class of the runtime uses reflection, ServiceLoader or run-time annotations")
  void runtimeUsesNoReflection() {
    JavaClasses classes = mainClasses();

    assertThat(classes.contain(StepsEngine.class)).as("main classes imported").isTrue();
    assertThat(classes.contain(NoReflectionArchTest.class)).as("test classes left out").isFalse();
    NO_REFLECTION.check(classes);
  }

  @ParameterizedTest(name = "the rule catches {0}")
  @ValueSource(classes = {UsesJavaLangReflect.class, UsesClassForName.class, UsesGetDeclaredMethods.class,
      UsesGetMethod.class, UsesGetField.class, UsesLookupFind.class, UsesServiceLoader.class,
      ReadsAnnotations.class, ReadsAnnotationsOfAClass.class})
  @DisplayName("The no-reflection rule fails on a class that uses reflection")
  void ruleCanFail(Class<?> offender) {
    JavaClasses classes = new ClassFileImporter().importClasses(offender);

    EvaluationResult result = NO_REFLECTION.evaluate(classes);

    assertThat(result.hasViolation()).as("violation reported for %s", offender.getSimpleName()).isTrue();
  }

  @Test
  @DisplayName("The no-reflection rule passes a class that only uses Class.isInstance and cast")
  void ruleAllowsTypeChecks() {
    JavaClasses classes = new ClassFileImporter().importClasses(UsesTypeChecksOnly.class);

    assertThat(NO_REFLECTION.evaluate(classes).hasViolation()).isFalse();
  }

  // Offenders: test-only classes, each breaking one clause of the rule.

  static final class UsesJavaLangReflect {
    int modifiers(java.lang.reflect.Method m) {
      return m.getModifiers();
    }
  }

  static final class UsesClassForName {
    Object load() throws Exception {
      return Class.forName("dev.stepsengine.StepsEngine");
    }
  }

  static final class UsesGetDeclaredMethods {
    int count() {
      return String.class.getDeclaredMethods().length;
    }
  }

  static final class UsesGetMethod {
    Object find() throws Exception {
      return String.class.getMethod("length");
    }
  }

  static final class UsesGetField {
    Object find() throws Exception {
      return Integer.class.getField("MAX_VALUE");
    }
  }

  static final class UsesLookupFind {
    Object find() throws Exception {
      return MethodHandles.lookup().findVirtual(String.class, "length", java.lang.invoke.MethodType.methodType(int.class));
    }
  }

  static final class UsesServiceLoader {
    Object load() {
      return ServiceLoader.load(Supplier.class);
    }
  }

  static final class ReadsAnnotations {
    Annotation read(AnnotatedElement e) {
      return e.getAnnotation(Deprecated.class);
    }
  }

  static final class ReadsAnnotationsOfAClass {
    boolean read() {
      return List.class.isAnnotationPresent(Deprecated.class);
    }
  }

  static final class UsesTypeChecksOnly {
    String cast(Object o) {
      return String.class.isInstance(o) ? String.class.cast(o) : "";
    }
  }
}
