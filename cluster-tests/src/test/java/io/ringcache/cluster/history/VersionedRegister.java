package io.ringcache.cluster.history;

/**
 * The sequential specification of one ringcache key, as the node implements it on the key's owner
 * (node/src/main/java/io/ringcache/node/store: PutProcessor, DeleteProcessor, IncrementProcessor;
 * cache/WriteCondition, cache/DecimalText). A key's version is 1 after its first write and one more
 * after each write; a delete forgets it, so a put after a delete answers version 1 again.
 */
final class VersionedRegister {

    /** The next state and what the call answers from {@code state}. */
    record Transition(RegisterState next, Result result) {
    }

    /** The max length of a decimal int64 ("-9223372036854775808"), as the node's DecimalText. */
    private static final int MAX_DECIMAL_CHARS = 20;

    Transition step(RegisterState state, Op op) {
        if (op instanceof Op.Get) {
            return new Transition(state, state.present() ? Result.found(state.value(), state.version()) : Result.absent());
        }
        if (op instanceof Op.Put put) {
            if (!holds(put, state.version())) {
                return new Transition(state, Result.notWritten(state.version()));
            }
            RegisterState next = new RegisterState(put.value(), state.version() + 1);
            return new Transition(next, Result.written(next.version()));
        }
        if (op instanceof Op.Delete delete) {
            boolean deletes = state.present()
                    && (delete.expectedVersion() == 0 || delete.expectedVersion() == state.version());
            return new Transition(deletes ? RegisterState.ABSENT : state, Result.deleted(deletes));
        }
        Op.Increment increment = (Op.Increment) op;
        Long base = state.present() ? parseDecimal(state.value()) : Long.valueOf(increment.initial());
        if (base == null) {
            return new Transition(state, Result.incrementRefused());
        }
        long sum;
        try {
            sum = Math.addExact(base, increment.delta());
        } catch (ArithmeticException overflow) {
            return new Transition(state, Result.incrementRefused());
        }
        RegisterState next = new RegisterState(Long.toString(sum), state.version() + 1);
        return new Transition(next, Result.counter(sum, next.version()));
    }

    private static boolean holds(Op.Put put, long current) {
        return switch (put.condition()) {
            case ALWAYS -> true;
            case IF_ABSENT -> current == 0;
            case IF_PRESENT -> current != 0;
            case IF_VERSION -> current != 0 && current == put.expectedVersion();
        };
    }

    /** The node's DecimalText: optional '-', then 1-19 digits (no '+', no blanks), within int64. */
    static Long parseDecimal(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DECIMAL_CHARS || text.charAt(0) == '+') {
            return null;
        }
        int digitsFrom = text.charAt(0) == '-' ? 1 : 0;
        if (digitsFrom == text.length()) {
            return null;
        }
        for (int i = digitsFrom; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }
}
