/**
 * A linearizability checker for ringcache histories, in the manner of Knossos and Porcupine.
 *
 * <p>Load threads record each call with a {@link io.ringcache.cluster.history.HistoryRecorder}
 * (invoke, then exactly one of ok / fail / unknown); after the run,
 * {@link io.ringcache.cluster.history.LinearizabilityChecker#check} judges every key against the
 * versioned register of {@code VersionedRegister} and reports per key: linearizable, not (with a
 * small witness sub-history), or unknown when the search budget ran out.
 *
 * <p>Recording rules a fault test must keep, or the checker reports false violations:
 * <ul>
 *   <li>Every key starts absent: use keys no earlier run wrote (e.g. a run id in the key).</li>
 *   <li>One recorded call is one attempt on the wire. A client that retries on its own can apply
 *       a put twice under one call; turn its retries off, or record each attempt.</li>
 *   <li>fail only when the call surely did not apply: INVALID_ARGUMENT, NOT_FOUND,
 *       RESOURCE_EXHAUSTED, UNAVAILABLE "node not ready" answered before routing. UNAVAILABLE
 *       from the store ("a write may or may not have been applied"), DEADLINE_EXCEEDED, a lost
 *       connection, and FAILED_PRECONDITION "outcome unknown" of a retried Increment are
 *       unknown. An Increment refused as not a number is ok with
 *       {@link io.ringcache.cluster.history.Result.IncrementRefused}.</li>
 *   <li>Distinct values per put (e.g. process and sequence number) let the checker pin unknown
 *       puts that a Get saw; repeated values are correct but search more.</li>
 * </ul>
 *
 * <p>A linearizable history checks fast even with many unknown calls; proving a violation deep in
 * a long history with unknown calls can exhaust the budget unless the checker is given an effect
 * horizon (an unknown call takes effect within that long after its invoke, or never), which a
 * fault test can justify from the node's and client's timeouts.
 */
package io.ringcache.cluster.history;
