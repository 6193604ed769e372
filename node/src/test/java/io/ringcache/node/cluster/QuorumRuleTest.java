package io.ringcache.node.cluster;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ringcache.node.config.QuorumSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class QuorumRuleTest {

    private final Logger log = (Logger) LoggerFactory.getLogger(ClusterQuorum.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void detachLog() {
        log.detachAppender(logged);
    }

    @Test
    void evaluate_auto_needsAStrictMajorityOfTheExpected() {
        QuorumRule rule = grownTo(5);

        assertThat(rule.evaluate(3, 0)).isEqualTo(new QuorumState(true, "", 3, 5));
        assertThat(rule.evaluate(2, 0))
                .isEqualTo(new QuorumState(false, "no quorum: sees 2 of 5 expected members, needs 3", 2, 5));
    }

    @Test
    void evaluate_auto_expectsAtLeastWhatItSees() {
        QuorumRule rule = grownTo(3);
        assertThat(rule.evaluate(4, 0)).isEqualTo(new QuorumState(true, "", 4, 4));
    }

    @Test
    void memberLeft_gracefullyShrinksTheExpectation_aCrashDoesNot() {
        QuorumRule rule = grownTo(5);
        rule.memberLeft(false, 4);
        rule.memberLeft(false, 3);
        assertThat(rule.evaluate(2, 0).expected()).isEqualTo(5);

        rule.memberLeft(true, 2);
        assertThat(rule.evaluate(2, 0)).as("expects 4 now").isEqualTo(
                new QuorumState(false, "no quorum: sees 2 of 4 expected members, needs 3", 2, 4));
    }

    @Test
    void evaluate_departingMembersAreExpectedNoMore() {
        QuorumRule rule = grownTo(5);
        assertThat(rule.evaluate(2, 3)).isEqualTo(new QuorumState(true, "", 2, 2));
        assertThat(rule.evaluate(2, 2).present()).as("2 of 3").isTrue();
        assertThat(rule.evaluate(2, 1).present()).as("2 of 4").isFalse();
    }

    @Test
    void evaluate_auto_belowThreeExpectedIsNotProtected() {
        QuorumRule rule = grownTo(2);
        assertThat(rule.evaluate(1, 0)).isEqualTo(new QuorumState(true, "", 1, 2));
    }

    @Test
    void evaluate_fixed_andOff() {
        QuorumRule fixed = new QuorumRule(QuorumSpec.parse("3"));
        assertThat(fixed.enabled()).isTrue();
        assertThat(fixed.evaluate(3, 0).present()).isTrue();
        assertThat(fixed.evaluate(2, 0).problem()).isEqualTo("no quorum: sees 2 member(s), needs 3");

        QuorumRule off = new QuorumRule(QuorumSpec.parse("off"));
        assertThat(off.enabled()).isFalse();
        assertThat(off.evaluate(1, 0)).isEqualTo(new QuorumState(true, "", 1, 1));
    }

    @Test
    void allows_answersAsEvaluateDoes_withoutPublishingOrLogging() {
        QuorumRule rule = grownTo(5);
        logged.start();
        log.addAppender(logged);

        assertThat(rule.allows(3, 0)).isTrue();
        assertThat(rule.allows(2, 0)).isFalse();
        assertThat(rule.allows(2, 2)).as("2 of 3").isTrue();

        assertThat(logged.list).isEmpty();
        assertThat(rule.evaluate(5, 0).present()).as("nothing was published by allows").isTrue();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void evaluate_logsOnlyWhenTheQuorumIsLostOrRegained() {
        QuorumRule rule = grownTo(3);
        logged.start();
        log.addAppender(logged);

        rule.evaluate(1, 0);
        rule.evaluate(1, 0);
        rule.evaluate(2, 0);
        rule.evaluate(3, 0);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Quorum lost: 1 members seen, 3 expected; refusing cache operations until it returns",
                "Quorum regained: 2 members seen, 3 expected");
        assertThat(logged.list).extracting(ILoggingEvent::getLoggerName)
                .containsOnly("io.ringcache.node.cluster.ClusterQuorum");
    }

    private static QuorumRule grownTo(int size) {
        QuorumRule rule = new QuorumRule(QuorumSpec.parse("auto"));
        for (int members = 1; members <= size; members++) {
            rule.memberJoined(members);
            assertThat(rule.evaluate(members, 0).present()).isTrue();
        }
        return rule;
    }
}
