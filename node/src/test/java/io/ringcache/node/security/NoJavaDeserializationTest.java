package io.ringcache.node.security;

import com.google.protobuf.ByteString;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import gadget.Tripwire;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.cluster.MemberConfigFactory;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.GetManyResponse;
import io.ringcache.proto.v1.PutRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.ringcache.node.testing.CacheTestClient.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A serialized Java object sent as a value is stored and replicated as bytes and never
 * deserialized, through gRPC and HTTP, on a two-node cluster (so the bytes also travel between
 * members as backups and routed writes); and the members' own Java deserialization refuses a
 * class outside Hazelcast's allow-list.
 */
class NoJavaDeserializationTest {

    private static final List<RingcacheNode> nodes = new ArrayList<>();
    private static byte[] gadgetBytes;

    @BeforeAll
    static void start() throws Exception {
        String cluster = TestNodes.uniqueClusterName();
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next());
        String join = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
        for (int port : ports) {
            nodes.add(TestNodes.startNode(TestNodes.config(TestNodes.flags(cluster, port, join))));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(new Tripwire("rm -rf /"));
        }
        gadgetBytes = out.toByteArray();
    }

    @AfterAll
    static void stop() {
        nodes.forEach(node -> Awaits.result(node.stop()));
    }

    @Test
    void aSerializedJavaObject_isStoredAndReturnedAsBytes_neverDeserialized() throws Exception {
        Tripwire.DESERIALIZED.set(0);
        List<String> keys = IntStream.range(0, 64).mapToObj(i -> "gadget-" + i).toList();
        try (CacheTestClient first = new CacheTestClient(nodes.get(0).grpcPort());
             CacheTestClient second = new CacheTestClient(nodes.get(1).grpcPort())) {
            await("both nodes see each other").atMost(Duration.ofSeconds(30))
                    .until(() -> first.topology().getMembersCount() == 2);
            for (String key : keys) {
                first.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(ByteString.copyFrom(gadgetBytes)).build());
            }
            GetManyResponse read = second.getMany(keys);
            assertThat(read.getResultsList()).allSatisfy(result ->
                    assertThat(result.getValue().toByteArray()).isEqualTo(gadgetBytes));
        }
        HttpClient http = HttpClient.newHttpClient();
        String path = "/v1/caches/default/keys/gadget-http";
        int stored = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(0).httpPort() + path))
                .header("content-type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(gadgetBytes)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(stored).isEqualTo(200);
        byte[] viaHttp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(1).httpPort()
                        + path)).header("accept", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();

        assertThat(viaHttp).isEqualTo(gadgetBytes);
        assertThat(Tripwire.DESERIALIZED).as("times a value was deserialized as a Java object").hasValue(0);
    }

    @Test
    void theMembersJavaDeserialization_refusesClassesOutsideTheAllowList() {
        SerializationConfig configured = MemberConfigFactory.create(TestNodes.config(TestNodes.flags(
                TestNodes.uniqueClusterName(), FreePorts.next(), "")), Map.of()).getSerializationConfig();
        assertThat(configured.getJavaSerializationFilterConfig()).isNotNull();
        SerializationService members = new DefaultSerializationServiceBuilder().setConfig(configured).build();
        SerializationService unfiltered = new DefaultSerializationServiceBuilder().build();
        Data gadget = unfiltered.toData(new Tripwire("payload"));
        Tripwire.DESERIALIZED.set(0);

        assertThatThrownBy(() -> members.toObject(gadget)).hasRootCauseInstanceOf(SecurityException.class);
        assertThat(Tripwire.DESERIALIZED).hasValue(0);
    }
}
