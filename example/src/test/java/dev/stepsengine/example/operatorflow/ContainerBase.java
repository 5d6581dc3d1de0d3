package dev.stepsengine.example.operatorflow;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;
import dev.stepsengine.annotation.Throttle;
import java.util.ArrayList;
import java.util.List;

// snippet:flow-base:start
/** The steps every container flow starts with: an abstract base pipeline (V12). */
@Pipeline
abstract class ContainerBase {
  /** Every step method called, in order. */
  final List<String> calls = new ArrayList<>();

  @Step(order = 1, state = "SpecValid") void validateSpec() { calls.add("validateSpec"); }
  @Step(order = 2) void ensureFinalizer() { calls.add("ensureFinalizer"); }
  @Step(order = 3, state = "NodeResolved") void resolveNode() { calls.add("resolveNode"); }
  @Step(order = 4) void fetchPod() { calls.add("fetchPod"); }
}
// snippet:flow-base:end
