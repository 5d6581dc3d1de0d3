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
 * @param groupType for {@link StepKind#GROUP}, the {@code @Pipeline} class returned, else {@code null}
 * @param when the predicates, in order
 * @param abortOnPredicatesFalse whether a false predicate aborts the run
 * @param skipStateCheck whether the step runs even when already succeeded
 * @param continueOnError whether the run goes on when the step fails
 * @param finishOnSuccess whether the run ends after the step succeeds
 * @param onFail the failure handler, or {@code null}
 * @param throttle the throttle, or {@code null}
 * @param retry the retry policy, or {@code null}
 * @param parallel the parallel group name, empty = none
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
    List<MethodRef> when,
    boolean abortOnPredicatesFalse,
    boolean skipStateCheck,
    boolean continueOnError,
    boolean finishOnSuccess,
    MethodRef onFail,
    ThrottleModel throttle,
    RetryModel retry,
    String parallel,
    AnnotationSource source) implements PipelineEntry {

  /**
   * Copies the predicates.
   *
   * @param name the name
   * @param order the order
   * @param state the state
   * @param reason the reason
   * @param message the detail message
   * @param kind the kind
   * @param takesContext the takes context
   * @param groupType the group type
   * @param when the when
   * @param abortOnPredicatesFalse the abort on predicates false
   * @param skipStateCheck the skip state check
   * @param continueOnError the continue on error
   * @param finishOnSuccess the finish on success
   * @param onFail the on fail
   * @param throttle the throttle
   * @param retry the retry
   * @param parallel the parallel
   * @param source the source
   */
  public StepModel {
    when = List.copyOf(when);
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
