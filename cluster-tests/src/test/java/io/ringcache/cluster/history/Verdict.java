package io.ringcache.cluster.history;

/** The answer for one key's history. */
public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The search ran out of its {@link SearchBudget} before deciding. */
    UNKNOWN_BUDGET_EXCEEDED
}
