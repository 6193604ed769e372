package io.ringcache.node.cluster;

import ch.qos.logback.classic.Level;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.ringcache.node.config.QuorumSpec;
import io.ringcache.node.testing.LogCapture;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterMemberTest {

    private final List<HazelcastInstance> others = new ArrayList<>();
    private ClusterMember member;

    @AfterEach
    void tearDown() {
        if (member != null) {
            member.terminate();
        }
        others.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void aMemberThatJoinsWhileThisOneIsStillStarting_isLoggedOnce() {
        // Two nodes started together: the one that forms the cluster can admit the other before
        // its own start returns (LogFormatIT saw no join line in CI). STARTED fires inside
        // newHazelcastInstance, so a member started there joins at exactly that moment.
        List<List<String>> pair = TestNodes.clusterFlags(2);
        Config first = MemberConfigFactory.create(TestNodes.config(pair.get(0)), Map.of());
        Config second = MemberConfigFactory.create(TestNodes.config(pair.get(1)), Map.of());
        first.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.STARTED) {
                others.add(Hazelcast.newHazelcastInstance(second));
            }
        }));

        try (LogCapture log = LogCapture.root()) {
            member = ClusterMember.start(first, new NodeReadiness(),
                    new ClusterQuorum(QuorumSpec.parse("off"), Duration.ofSeconds(5)), () -> { });
            assertThat(member.memberCount()).as("joined before the start returned").isEqualTo(2);
            // The listener runs on Hazelcast's event thread: the line may follow the start.
            await("the join logged").atMost(Duration.ofSeconds(10)).until(() -> joinsLogged(log) > 0);
            assertThat(joinsLogged(log)).isEqualTo(1);
        }
    }

    private static long joinsLogged(LogCapture log) {
        return log.events().stream().filter(event -> event.getLevel() == Level.INFO)
                .filter(event -> event.getFormattedMessage().startsWith("Member joined")).count();
    }
}
