package test;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;

@Pipeline
class DatabaseSteps {
  @Step(order = 1, state = "SchemaCreated")
  void createSchema() {}

  @Step(order = 2, state = "DataSeeded")
  void seed() {}
}
