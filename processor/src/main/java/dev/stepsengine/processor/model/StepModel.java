package dev.stepsengine.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Step} method.
 *
 * @param name the step name
 * @param order the order
 * @param state the state name, empty = no state tracking
 * @param reason the success reason, empty = default
 * @param message the success message, empty = default
 * @param kind what the method returns
 * @param takesContext whether the method takes a {@code StepContext}
 * @param groupType for {@link StepKind#GROUP} and {@link StepKind#FRAGMENT}, the {@code @Pipeline} class
 *     returned, else {@code null}
 * @param when the predicate expressions, in order (V13)
 * @param abortOnPredicatesFalse whether a false predicate aborts the run
 * @param skipStateCheck whether the step runs even when already succeeded
 * @param continueOnError whether the run goes on when the step fails
 * @param finishOnSuccess whether the run ends after the step succeeds
 * @param onFail the failure handler, or {@code null}
 * @param throttle the throttle, or {@code null}
 * @param retry the retry policy, or {@code null}
 * @param parallel the parallel group name, empty = none
 * @param timeout the step timeout as written (R16), empty = none
 * @param keepAcrossSpecChanges whether the state stays succeeded when the spec changes (K9)
 * @param outputs the declared output names (R18)
 * @param inlined for {@link StepKind#FRAGMENT}, the model of the inlined pipeline; {@code null} when it
 *     includes itself (V9)
 * @param occurrence 0 for a method with one {@code @Step}; 1, 2… for each of a repeated {@code @Step}
 * @param source where the annotation was written
 */
public record StepModel(
    String name,
    int order,
    String state,
    String reason,
    String message,
    StepKind kind,
    boolean takesContext,
    TypeElement groupType,
    List<PredicateModel> when,
    boolean abortOnPredicatesFalse,
    boolean skipStateCheck,
    boolean continueOnError,
    boolean finishOnSuccess,
    MethodRef onFail,
    ThrottleModel throttle,
    RetryModel retry,
    String parallel,
    String timeout,
    boolean keepAcrossSpecChanges,
    List<String> outputs,
    PipelineModel inlined,
    int occurrence,
    AnnotationSource source) implements PipelineEntry {

  /**
   * Copies the lists.
   *
   * @param name see the record's description
   * @param order see the record's description
   * @param state see the record's description
   * @param reason see the record's description
   * @param message see the record's description
   * @param kind see the record's description
   * @param takesContext see the record's description
   * @param groupType see the record's description
   * @param when see the record's description
   * @param abortOnPredicatesFalse see the record's description
   * @param skipStateCheck see the record's description
   * @param continueOnError see the record's description
   * @param finishOnSuccess see the record's description
   * @param onFail see the record's description
   * @param throttle see the record's description
   * @param retry see the record's description
   * @param parallel see the record's description
   * @param timeout see the record's description
   * @param keepAcrossSpecChanges see the record's description
   * @param outputs see the record's description
   * @param inlined see the record's description
   * @param occurrence see the record's description
   * @param source see the record's description
   */
  public StepModel {
    when = List.copyOf(when);
    outputs = List.copyOf(outputs);
  }

  /**
   * Returns how messages name the step: the method name, with the occurrence for a repeated
   * {@code @Step} ({@code refresh (@Step 2)}).
   *
   * @return the label
   */
  public String label() {
    return occurrence == 0 ? methodName() : methodName() + " (@Step " + occurrence + ")";
  }

  /**
   * Returns the annotated method.
   *
   * @return the annotated method
   */
  public ExecutableElement method() {
    return (ExecutableElement) source.element();
  }

  /**
   * Returns the method name.
   *
   * @return the method name
   */
  public String methodName() {
    return method().getSimpleName().toString();
  }

  /**
   * Returns whether the step has state tracking.
   *
   * @return whether the step has state tracking
   */
  public boolean hasState() {
    return !state.isEmpty();
  }

  /**
   * Returns the generated pipeline class of the group's {@code @Pipeline} class; only for {@link StepKind#GROUP}.
   *
   * @return the generated pipeline class of the group's {@code @Pipeline} class
   */
  public ClassName groupPipeline() {
    return PipelineModel.generatedName(groupType);
  }
}
