package test;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;

class Outer {
  @Pipeline
  static class Inner {
    @Step(order = 1, state = "InnerDone")
    void work() {}
  }
}
