package io.ringcache.cluster.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition, checked naively for small histories: is there an order of the acknowledged
 * calls plus any subset of the unknown ones, consistent with real time (a call that completed
 * before another was invoked comes first), in which the model answers every acknowledged result?
 * Failed calls are left out. No reductions, no memo: an independent oracle for {@link WglSearch}.
 */
final class BruteForceLinearizability {

    private final VersionedRegister model = new VersionedRegister();

    boolean linearizable(List<Operation> history) {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : history) {
            if (op.outcome() != Outcome.FAIL) {
                ops.add(op);
            }
        }
        return extend(ops, new boolean[ops.size()], RegisterState.ABSENT);
    }

    private boolean extend(List<Operation> ops, boolean[] placed, RegisterState state) {
        boolean okLeft = false;
        for (int i = 0; i < ops.size(); i++) {
            okLeft |= !placed[i] && !ops.get(i).isUnknown();
        }
        if (!okLeft) {
            return true; // the unknown calls still unplaced never took effect
        }
        for (int i = 0; i < ops.size(); i++) {
            if (placed[i] || !mayGoNext(ops, placed, i)) {
                continue;
            }
            Operation op = ops.get(i);
            VersionedRegister.Transition step = model.step(state, op.op());
            if (op.isUnknown() || step.result().equals(op.result())) {
                placed[i] = true;
                boolean found = extend(ops, placed, step.next());
                placed[i] = false;
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * No unplaced acknowledged call (other than i) completed before i was invoked, and when i is
     * unknown with a deadline, no call placed already was invoked after it (i would take effect
     * too late). Unplaced unknown calls never block: they may be dropped.
     */
    private static boolean mayGoNext(List<Operation> ops, boolean[] placed, int i) {
        for (int j = 0; j < ops.size(); j++) {
            Operation other = ops.get(j);
            if (j != i && !placed[j] && !other.isUnknown() && other.completeNanos() < ops.get(i).invokeNanos()) {
                return false;
            }
            if (placed[j] && ops.get(i).isUnknown() && other.invokeNanos() > ops.get(i).completeNanos()) {
                return false;
            }
        }
        return true;
    }
}
