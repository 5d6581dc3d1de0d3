package dev.stepsengine.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the throwaway PostgreSQL server ({@link PostgresServer}) runs:
 * otherwise the class is skipped with the reason printed, or fails when
 * {@code STEPS_REQUIRE_POSTGRES=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
@interface RequiresPostgres {

  /** The JUnit condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (PostgresServer.get().isPresent()) {
        return ConditionEvaluationResult.enabled("PostgreSQL test server is running");
      }
      return ConditionEvaluationResult.disabled(PostgresServer.skipReason());
    }
  }
}
