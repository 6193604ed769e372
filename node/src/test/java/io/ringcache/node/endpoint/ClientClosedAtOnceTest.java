package io.ringcache.node.endpoint;

import io.ringcache.client.RingcacheClient;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A client closed right after it is built, while its connection and topology watch are still
 * being opened (the CLI does this on a usage error), leaves nothing open on the node: the node's
 * graceful stop then does not wait out its 20 s drain for a connection nobody uses.
 */
@Timeout(120)
class ClientClosedAtOnceTest {

    /** Enough builds that one lands in every phase of opening the connection. */
    private static final int CLIENTS = 20;

    @Test
    void clientsClosedWhileConnecting_leaveNothingOpen_soTheNodeStopsPromptly() {
        RingcacheNode node = TestNodes.startSingleNode();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                boolean pipelining = i % 2 == 0;
                RingcacheClient.builder().seeds("127.0.0.1:" + node.grpcPort()).pipelining(pipelining)
                        .deadline(Duration.ofSeconds(5)).build().close();
            }
        } finally {
            // Well under the 20 s drain: a leaked connection makes the stop wait all of it.
            assertThatCode(() -> Awaits.result(node.stop(), 10)).doesNotThrowAnyException();
        }
    }
}
