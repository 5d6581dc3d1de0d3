package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The object as the keeper last read, refreshed or wrote it, and the writes that send the keeper's
 * buffered changes to it (SEMANTICS K4, K5, K10–K13): one status write with the conditions, the
 * status fields and the keeper's own field, then the throttle annotation when times are kept
 * there; after a conflict it reads the object again and merges in what others stored.
 *
 * <p>Not thread-safe: the keeper calls it under its lock.
 *
 * @param <R> the resource type
 */
final class StatusWriter<R extends HasMetadata> {
  private final ObjectWrites<R> writes;
  private final KubernetesSerialization json;
  private final Supplier<String> now;
  private final String summary;
  private final PendingConditions pending;
  private final StatusFields statusFields;
  /** K10 with {@link WritePolicy#PER_CHANGE}: the run's first write shows it in progress; {@code null} otherwise. */
  private final InProgressSummary inProgress;
  private final OwnedStatusField owned;
  private ResourceSnapshot<R> snapshot;

  /**
   * Makes the writer of a keeper.
   *
   * @param writes how the keeper talks to the API server
   * @param snapshot the object as first read
   * @param json how the object is serialized
   * @param now the candidate transition time of the in-progress summary, read when it is due
   * @param summary the keeper's object, for messages
   * @param pending the buffered conditions
   * @param statusFields the buffered status fields
   * @param owned the keeper's own field, read from {@code snapshot}
   * @param inProgress the in-progress summary, or {@code null}
   */
  StatusWriter(ObjectWrites<R> writes, ResourceSnapshot<R> snapshot, KubernetesSerialization json, Supplier<String> now,
      String summary, PendingConditions pending, StatusFields statusFields, OwnedStatusField owned,
      InProgressSummary inProgress) {
    this.writes = writes;
    this.snapshot = snapshot;
    this.json = json;
    this.now = now;
    this.summary = summary;
    this.pending = pending;
    this.statusFields = statusFields;
    this.owned = owned;
    this.inProgress = inProgress;
  }

  /** Returns the object as last read, refreshed or written. */
  ResourceSnapshot<R> snapshot() {
    return snapshot;
  }

  /**
   * Sends the buffered changes in one status write; {@code midRun} (a {@link WritePolicy#PER_CHANGE}
   * write during a run) adds the in-progress summary to a write that changes something else (K10).
   */
  void writeStatus(boolean midRun) {
    boolean ownedDue = owned.due();
    if (pending.isEmpty() && statusFields.isEmpty() && !ownedDue && statusFields.dueOn(snapshot).isEmpty()) {
      return;
    }
    List<Condition> summaryDue = midRun && inProgress != null ? inProgress.due(now.get()) : List.of();
    ResourceSnapshot<R> before = snapshot;
    snapshot = writes.send("status (conditions " + pending.byType().keySet() + ")", true, snapshot, s -> {
      Patch patch = StatusPatch.of(s, pending.values(), statusFields.dueOn(s), ownedDue ? owned.valueOn(s) : null);
      if (patch == null || summaryDue.isEmpty()) {
        return patch;
      }
      List<Condition> all = new ArrayList<>(pending.values());
      all.addAll(summaryDue);
      return StatusPatch.of(s, all, statusFields.dueOn(s), ownedDue ? owned.valueOn(s) : null);
    }, this::reread);
    if (snapshot != before && inProgress != null) {
      inProgress.written(summaryDue, before);
    }
    pending.written();
    statusFields.written();
    owned.statusWritten();
  }

  /** Writes the throttle annotation when throttle times are kept there and changed (K7). */
  void writeThrottleAnnotation() {
    String annotation = owned.annotationDue();
    if (annotation != null) {
      String name = owned.throttleAnnotation();
      snapshot = writes.send("throttle annotation " + name, false, snapshot,
          s -> KeeperThrottleStore.annotationPatch(s, name, annotation), this::reread);
      owned.annotationWritten();
    }
  }

  /**
   * Adopts {@code newer} unless it is older than the object held (K11).
   *
   * @throws IllegalArgumentException when {@code newer} is another object
   */
  void refresh(R newer) {
    HasMetadata current = snapshot.resource;
    if (!Objects.equals(newer.getMetadata().getName(), current.getMetadata().getName())
        || !Objects.equals(newer.getMetadata().getNamespace(), current.getMetadata().getNamespace())) {
      throw new IllegalArgumentException("K11: refresh of " + summary + " with another object: "
          + newer.getMetadata().getNamespace() + "/" + newer.getMetadata().getName());
    }
    if (!WrittenVersions.isOlder(newer.getMetadata().getResourceVersion(), snapshot.resourceVersion)) {
      adopt(newer);
    }
  }

  /** After a conflict: the object as the server has it now, with what others stored merged in. */
  private ResourceSnapshot<R> reread(ResourceSnapshot<R> stale) {
    adopt(writes.read(stale.resource));
    return snapshot;
  }

  private void adopt(R resource) {
    snapshot = ResourceSnapshot.of(resource, json);
    owned.mergeFrom(snapshot);
  }
}
