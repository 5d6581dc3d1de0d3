package dev.stepsengine.example.operatorflow;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;
import dev.stepsengine.annotation.Throttle;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline in the shape of a real operator's active container flow (notes/operator-patterns.md):
 * 42 steps with negated and state-bound predicates, one method as two steps (tracked, then a
 * throttled refresh), an inlined fragment and inherited base steps.
 */
// snippet:flow:start
@Pipeline(externalStates = "ClusterReady")
class ContainerFlow extends ContainerBase {
  boolean paused;
  boolean upgrading;

  boolean isPaused() { return paused; }
  boolean isUpgrading() { return upgrading; }

  @Step(order = 10, inline = true) NetworkFragment network() { return new NetworkFragment(calls); }

  @Step(order = 11, state = "ConfigSynced")
  @Step(order = 40, name = "refreshConfig", throttle = @Throttle(every = "10m"))
  void syncConfig() { calls.add("syncConfig"); }

  @Step(order = 12, when = "!isPaused") void reconcileResources() { calls.add("reconcileResources"); }
  @Step(order = 13, when = {"!isPaused", "state:NetworkReady"}) void startContainer() { calls.add("startContainer"); }
  @Step(order = 14, when = "!state:ClusterReady") void waitForCluster() { calls.add("waitForCluster"); }
  @Step(order = 15, when = "isUpgrading") void upgrade() { calls.add("upgrade"); }
  // snippet:flow:end
  @Step(order = 16) void task16() { calls.add("task16"); }
  @Step(order = 17) void task17() { calls.add("task17"); }
  @Step(order = 18, state = "Task18Done") void task18() { calls.add("task18"); }
  @Step(order = 19) void task19() { calls.add("task19"); }
  @Step(order = 20) void task20() { calls.add("task20"); }
  @Step(order = 21) void task21() { calls.add("task21"); }
  @Step(order = 22) void task22() { calls.add("task22"); }
  @Step(order = 23) void task23() { calls.add("task23"); }
  @Step(order = 24, state = "Task24Done") void task24() { calls.add("task24"); }
  @Step(order = 25) void task25() { calls.add("task25"); }
  @Step(order = 26) void task26() { calls.add("task26"); }
  @Step(order = 27) void task27() { calls.add("task27"); }
  @Step(order = 28) void task28() { calls.add("task28"); }
  @Step(order = 29) void task29() { calls.add("task29"); }
  @Step(order = 30, state = "Task30Done") void task30() { calls.add("task30"); }
  @Step(order = 31) void task31() { calls.add("task31"); }
  @Step(order = 32) void task32() { calls.add("task32"); }
  @Step(order = 33) void task33() { calls.add("task33"); }
  @Step(order = 34) void task34() { calls.add("task34"); }
  @Step(order = 35) void task35() { calls.add("task35"); }
  @Step(order = 36, state = "Task36Done") void task36() { calls.add("task36"); }
  @Step(order = 37) void task37() { calls.add("task37"); }
  @Step(order = 38) void task38() { calls.add("task38"); }
  @Step(order = 39) void task39() { calls.add("task39"); }
}
