// snippet:order-steps:start
package dev.stepsengine.example.demo;

import dev.stepsengine.StepContext;
import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Retry;
import dev.stepsengine.annotation.Step;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The first pipeline of docs/getting-started.md (the whole file is copied there verbatim). */
@Pipeline
public class OrderSteps {
  final List<String> log = new CopyOnWriteArrayList<>();
  int gatewayTimeouts; // how many charge attempts time out, to try the retry policy
  boolean warehouseDown; // makes shipping fail, to try a failure and a second run

  @Step(order = 1, state = "StockReserved")
  void reserveStock() {
    log.add("stock reserved");
  }

  @Step(order = 2, state = "PaymentCharged", reason = "Charged", message = "Card charged",
      retry = @Retry(maxAttempts = 3, backoff = "2s"))
  void chargePayment(StepContext ctx) {
    if (ctx.attempt() <= gatewayTimeouts) {
      throw new IllegalStateException("payment gateway timed out");
    }
    log.add("charged on attempt " + ctx.attempt());
  }

  @Step(order = 3, state = "Shipped", onFail = "alertSupport")
  void ship() {
    if (warehouseDown) {
      throw new IllegalStateException("warehouse unreachable");
    }
    log.add("shipped");
  }

  void alertSupport(String step, Exception failure) {
    log.add("support alerted: " + step + " failed: " + failure.getMessage());
  }
}
// snippet:order-steps:end
