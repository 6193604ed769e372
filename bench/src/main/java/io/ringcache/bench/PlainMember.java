package io.ringcache.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A plain Hazelcast member for the baseline, with the map settings of a ringcache cache: binary
 * in-memory format, one synchronous backup, no metadata, statistics on. Run by {@code compare}
 * in its own JVM, as ringcache's node is.
 */
final class PlainMember {

    static final String MAP = "bench";

    private PlainMember() {
    }

    static HazelcastInstance start(String clusterName, int port) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.addMapConfig(new MapConfig(MAP)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(1)
                .setMetadataPolicy(MetadataPolicy.OFF)
                .setStatisticsEnabled(true));
        return Hazelcast.newHazelcastInstance(config);
    }
}
