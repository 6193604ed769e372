package io.ringcache.node.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.ringcache.node.RingcacheNode;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.CacheTestClient;
import io.ringcache.node.testing.FreePorts;
import io.ringcache.node.testing.GrpcCallException;
import io.ringcache.node.testing.TestNodes;
import io.ringcache.proto.v1.PutRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A span per request, through real gRPC and HTTP calls, continuing the caller's W3C trace. */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";

    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static Tracing tracing;
    private static RingcacheNode node;

    @BeforeAll
    static void startTracedNode() {
        tracing = Tracing.with(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
        node = new RingcacheNode(TestNodes.config(TestNodes.flags(TestNodes.uniqueClusterName(), FreePorts.next(), "")),
                tracing, lost -> { });
        Awaits.result(node.start());
    }

    @AfterAll
    static void stop() {
        Awaits.result(node.stop());
        tracing.close();
    }

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @Test
    void aGrpcCall_getsOneServerSpan_withCacheOperationAndRoute_continuingTheCallersTrace() {
        try (CacheTestClient client = traced()) {
            client.get("traced-key");
        }
        SpanData span = onlySpan("ringcache.get");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
        assertThat(span.getAttributes().get(Tracing.CACHE)).isEqualTo("default");
        assertThat(span.getAttributes().get(Tracing.OPERATION)).isEqualTo("get");
        assertThat(span.getAttributes().get(Tracing.ROUTED)).isFalse(); // one node owns every key
        assertThat(span.getAttributes().get(Tracing.STATUS)).isEqualTo("OK");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aBatch_recordsHowManyKeysItCarried() {
        try (CacheTestClient client = traced()) {
            client.getMany(List.of("a", "b", "c"));
        }
        SpanData span = onlySpan("ringcache.get_many");
        assertThat(span.getAttributes().get(Tracing.KEYS)).isEqualTo(3L);
        assertThat(span.getAttributes().get(Tracing.KEYS_ROUTED)).isZero();
    }

    @Test
    void aRefusedRequest_recordsItsStatus_butIsNotAServerError() {
        try (CacheTestClient client = traced()) {
            assertThatThrownBy(() -> client.put(PutRequest.newBuilder().setCache("no-such-cache")
                    .setKey(CacheTestClient.bytes("k")).build()))
                    .isInstanceOfSatisfying(GrpcCallException.class,
                            e -> assertThat(e.status()).isEqualTo(GrpcStatus.NOT_FOUND));
        }
        SpanData span = onlySpan("ringcache.put");
        assertThat(span.getAttributes().get(Tracing.CACHE)).isEqualTo("no-such-cache");
        assertThat(span.getAttributes().get(Tracing.STATUS)).isEqualTo("CACHE_NOT_FOUND");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void anHttpKeyCall_isTracedToo() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/caches/default/keys/http-traced"))
                .timeout(Duration.ofSeconds(10))
                .header("traceparent", TRACEPARENT)
                .header("content-type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString("v")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        SpanData span = onlySpan("ringcache.put");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    }

    @Test
    void withoutATraceparent_aRequestStartsItsOwnTrace() {
        try (CacheTestClient client = new CacheTestClient(node.grpcPort())) {
            client.put("untraced", "v");
        }
        SpanData span = onlySpan("ringcache.put");
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
    }

    @Test
    void offUnlessTheOtelSettingsNameAnExporter() {
        assertThat(Tracing.requested(Map.of())).isFalse();
        assertThat(Tracing.requested(Map.of("OTEL_SERVICE_NAME", "cache"))).isFalse();
        assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
        assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
        assertThat(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isTrue();
        assertThat(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")))
                .isTrue();
        assertThat(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_SDK_DISABLED", "true"))).isFalse();
        assertThat(Tracing.fromEnvironment(Map.of()).enabled()).isFalse();
    }

    private static CacheTestClient traced() {
        return new CacheTestClient("127.0.0.1", node.grpcPort(), Duration.ofSeconds(10), new HttpClientOptions(),
                Map.of("traceparent", TRACEPARENT));
    }

    private static SpanData onlySpan(String name) {
        await(name + " span exported").atMost(Duration.ofSeconds(10))
                .until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(name)));
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).as("spans: %s", finished).hasSize(1);
        return finished.get(0);
    }
}
