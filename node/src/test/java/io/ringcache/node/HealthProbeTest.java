package io.ringcache.node;

import io.ringcache.node.testing.AdapterServers;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.FreePorts;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container health check's one HTTP/1.0 request, against the node's real HTTP endpoint. */
class HealthProbeTest {

    @Test
    void readsTheStatusTheNodeAnswers_readyThenDraining() throws Exception {
        AdapterServers servers = AdapterServers.start();
        try {
            assertThat(HealthProbe.statusOf("/health/ready", servers.httpPort(), false)).isEqualTo(200);
            assertThat(HealthProbe.statusOf("/health/live", servers.httpPort(), false)).isEqualTo(200);

            servers.readiness().markDraining();

            assertThat(HealthProbe.statusOf("/health/ready", servers.httpPort(), false)).isEqualTo(503);
        } finally {
            Awaits.result(servers.stop(), 60);
        }
    }

    @Test
    void nothingListening_isAConnectionFailure() {
        assertThatThrownBy(() -> HealthProbe.statusOf("/health/ready", FreePorts.next(), false))
                .isInstanceOf(ConnectException.class);
    }
}
