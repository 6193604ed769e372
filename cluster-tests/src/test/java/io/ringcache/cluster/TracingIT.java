package io.ringcache.cluster;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing switched on the way operators switch it on: standard {@code OTEL_*} variables on two
 * node processes, spans exported over OTLP/HTTP to a stand-in collector on 127.0.0.1.
 */
class TracingIT {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    private final Vertx vertx = Vertx.vertx();
    private final List<ForkedNode> nodes = new ArrayList<>();
    private final List<Exported> exported = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ForkedNode node : nodes) {
            node.close();
        }
        Awaits.result(vertx.close());
    }

    @Test
    void otelVariablesTurnTracingOn_aSpanPerRequest_routedOrNot_continuingTheCallersTrace() throws Exception {
        int collectorPort = startCollector();
        Map<String, String> otel = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collectorPort,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "200");
        String clusterName = TestNodes.uniqueClusterName();
        List<Integer> memberPorts = List.of(FreePorts.next(), FreePorts.next());
        String join = "127.0.0.1:" + memberPorts.get(0) + ",127.0.0.1:" + memberPorts.get(1);
        for (int i = 0; i < 2; i++) {
            nodes.add(ForkedNode.start(clusterName, memberPorts.get(i), join, "traced" + i, List.of(), List.of(),
                    i == 0 ? otel : Map.of()));
        }
        await("both nodes ready with 2 members").atMost(Duration.ofSeconds(60))
                .until(() -> nodes.stream().allMatch(n -> n.isReadyWith(2)));

        int keys = 40;
        try (CacheTestClient client = new CacheTestClient("127.0.0.1", nodes.get(0).grpcPort(),
                Duration.ofSeconds(5), new HttpClientOptions(), Map.of("traceparent", TRACEPARENT))) {
            for (int i = 0; i < keys; i++) {
                client.put("traced-" + i, "v");
            }
        }

        await("a put span per request at the collector").atMost(Duration.ofSeconds(30))
                .until(() -> puts().size() >= keys);
        List<Exported> puts = puts();
        System.out.printf("[tracing] %d put spans exported, %d routed to the other node%n", puts.size(),
                puts.stream().filter(span -> bool(span.span, "ringcache.routed")).count());
        assertThat(puts).hasSize(keys);
        assertThat(puts).allSatisfy(span -> {
            assertThat(span.service).isEqualTo("ringcache");
            assertThat(HexFormat.of().formatHex(span.span.getTraceId().toByteArray())).isEqualTo(TRACE_ID);
            assertThat(span.span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(text(span.span, "ringcache.cache")).contains("default");
            assertThat(text(span.span, "ringcache.status")).contains("OK");
        });
        // Two nodes share the key space: some keys are this node's, the others are routed.
        assertThat(puts).anyMatch(span -> bool(span.span, "ringcache.routed"));
        assertThat(puts).anyMatch(span -> !bool(span.span, "ringcache.routed"));
        // The node without OTEL_* settings exports nothing.
        assertThat(exported).allMatch(span -> span.service.equals("ringcache"));
    }

    private int startCollector() {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
                for (ResourceSpans resource : export.getResourceSpansList()) {
                    String service = resource.getResource().getAttributesList().stream()
                            .filter(kv -> kv.getKey().equals("service.name"))
                            .map(kv -> kv.getValue().getStringValue()).findFirst().orElse("");
                    resource.getScopeSpansList().forEach(scope -> scope.getSpansList()
                            .forEach(span -> exported.add(new Exported(service, span))));
                }
                request.response().putHeader("content-type", "application/x-protobuf")
                        .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
            }
        }));
        return Awaits.result(server.listen(0, "127.0.0.1")).actualPort();
    }

    private List<Exported> puts() {
        return exported.stream().filter(span -> span.span.getName().equals("ringcache.put")).toList();
    }

    private static Optional<String> text(Span span, String key) {
        return attribute(span, key).map(kv -> kv.getValue().getStringValue());
    }

    private static boolean bool(Span span, String key) {
        return attribute(span, key).map(kv -> kv.getValue().getBoolValue()).orElse(false);
    }

    private static Optional<KeyValue> attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst();
    }

    private record Exported(String service, Span span) {
    }
}
