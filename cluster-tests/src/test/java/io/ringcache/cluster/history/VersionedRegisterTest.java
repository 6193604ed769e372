package io.ringcache.cluster.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionedRegisterTest {

    private final VersionedRegister model = new VersionedRegister();

    private VersionedRegister.Transition step(RegisterState state, Op op) {
        return model.step(state, op);
    }

    @Test
    void put_afterDelete_startsAgainAtVersionOne() {
        RegisterState a = step(RegisterState.ABSENT, Op.put("a")).next();
        RegisterState b = step(a, Op.put("b")).next();
        assertThat(b).isEqualTo(new RegisterState("b", 2));
        VersionedRegister.Transition deleted = step(b, Op.delete());
        assertThat(deleted.result()).isEqualTo(Result.deleted(true));
        assertThat(step(deleted.next(), Op.put("c")).result()).isEqualTo(Result.written(1));
    }

    @Test
    void putIfVersion_onMismatch_answersCurrentVersion_andOnAbsentZero() {
        RegisterState v2 = new RegisterState("b", 2);
        assertThat(step(v2, Op.putIfVersion("x", 1)).result()).isEqualTo(Result.notWritten(2));
        assertThat(step(v2, Op.putIfVersion("x", 2)).result()).isEqualTo(Result.written(3));
        assertThat(step(RegisterState.ABSENT, Op.putIfVersion("x", 1)).result()).isEqualTo(Result.notWritten(0));
    }

    @Test
    void putIfAbsent_andIfPresent_followTheKeysPresence() {
        RegisterState v1 = new RegisterState("a", 1);
        assertThat(step(RegisterState.ABSENT, Op.putIfAbsent("x")).result()).isEqualTo(Result.written(1));
        assertThat(step(v1, Op.putIfAbsent("x")).result()).isEqualTo(Result.notWritten(1));
        assertThat(step(RegisterState.ABSENT, Op.putIfPresent("x")).result()).isEqualTo(Result.notWritten(0));
        assertThat(step(v1, Op.putIfPresent("x")).result()).isEqualTo(Result.written(2));
    }

    @Test
    void delete_missingOrAtAnotherVersion_removesNothing() {
        RegisterState v2 = new RegisterState("b", 2);
        assertThat(step(RegisterState.ABSENT, Op.delete()).result()).isEqualTo(Result.deleted(false));
        assertThat(step(v2, Op.deleteIfVersion(1))).isEqualTo(new VersionedRegister.Transition(v2, Result.deleted(false)));
        assertThat(step(v2, Op.deleteIfVersion(2)).next()).isEqualTo(RegisterState.ABSENT);
    }

    @Test
    void increment_onMissingKey_startsFromInitial_atVersionOne() {
        assertThat(step(RegisterState.ABSENT, Op.increment(5)).result()).isEqualTo(Result.counter(5, 1));
        assertThat(step(RegisterState.ABSENT, new Op.Increment(1, 10)).result()).isEqualTo(Result.counter(11, 1));
        assertThat(step(new RegisterState("41", 3), Op.increment(1)).next()).isEqualTo(new RegisterState("42", 4));
    }

    @Test
    void increment_ofNonDecimalOrOverflow_isRefused_andWritesNothing() {
        RegisterState text = new RegisterState("abc", 2);
        assertThat(step(text, Op.increment(1))).isEqualTo(new VersionedRegister.Transition(text, Result.incrementRefused()));
        RegisterState plus = new RegisterState("+5", 1);
        assertThat(step(plus, Op.increment(1)).result()).isEqualTo(Result.incrementRefused());
        RegisterState max = new RegisterState(Long.toString(Long.MAX_VALUE), 1);
        assertThat(step(max, Op.increment(1)).result()).isEqualTo(Result.incrementRefused());
        assertThat(step(new RegisterState("-7", 1), Op.increment(2)).result()).isEqualTo(Result.counter(-5, 2));
    }
}
