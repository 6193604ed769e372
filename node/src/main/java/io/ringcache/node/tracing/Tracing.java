package io.ringcache.node.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * OpenTelemetry tracing of cache requests: one SERVER span per request, carrying the cache, the
 * operation and whether its key's owner is another node, and continuing the caller's trace
 * when the request carries W3C {@code traceparent} headers.
 *
 * <p>Off unless the operator names where spans go, with the standard settings:
 * {@code OTEL_TRACES_EXPORTER} (other than {@code none}), {@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}; {@code OTEL_SDK_DISABLED=true} keeps it off. The
 * OpenTelemetry SDK then reads every other {@code OTEL_*} setting itself (sampler, protocol,
 * headers, batch sizes). The service is called {@code ringcache} unless
 * {@code OTEL_SERVICE_NAME} says otherwise; the SDK's metrics and logs exporters stay off
 * unless set (metrics are on {@code /metrics}).
 */
public final class Tracing implements AutoCloseable {

    static final AttributeKey<String> CACHE = AttributeKey.stringKey("ringcache.cache");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("ringcache.operation");
    static final AttributeKey<Boolean> ROUTED = AttributeKey.booleanKey("ringcache.routed");
    static final AttributeKey<Long> KEYS = AttributeKey.longKey("ringcache.keys");
    static final AttributeKey<Long> KEYS_ROUTED = AttributeKey.longKey("ringcache.keys_routed");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("ringcache.status");

    private static final Tracing OFF = new Tracing(null, null);
    private static final TextMapGetter<MultiMap> HEADERS = new HeaderGetter();

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk, Tracer tracer) {
        this.sdk = sdk;
        this.tracer = tracer;
    }

    /** No spans, no cost beyond one check per request. */
    public static Tracing off() {
        return OFF;
    }

    /** Tracing through {@code sdk} (tests use an in-memory exporter); closing it shuts the SDK down. */
    public static Tracing with(OpenTelemetrySdk sdk) {
        return new Tracing(sdk, sdk.getTracer("io.ringcache.node"));
    }

    /** Tracing as the {@code OTEL_*} variables in {@code env} ask; {@link #off()} unless they name an exporter. */
    public static Tracing fromEnvironment(Map<String, String> env) {
        if (!requested(env)) {
            return off();
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "ringcache",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return with(sdk);
    }

    static boolean requested(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
            return false;
        }
        String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").trim().toLowerCase(Locale.ROOT);
        if (!exporter.isEmpty()) {
            return !exporter.equals("none");
        }
        return !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
                || !env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
    }

    public boolean enabled() {
        return tracer != null;
    }

    /**
     * Runs {@code work} with the trace a request's headers carry made current, so the request
     * span started inside it continues the caller's trace. When tracing is off, just runs it.
     */
    public <T> T continuing(MultiMap headers, Supplier<T> work) {
        if (tracer == null) {
            return work.get();
        }
        try (Scope ignored = sdk.getPropagators().getTextMapPropagator()
                .extract(Context.root(), headers, HEADERS).makeCurrent()) {
            return work.get();
        }
    }

    /**
     * Starts the span of one request, a child of the current trace if there is one.
     *
     * @param keys        keys the request carries; a batch records the count
     * @param routedKeys  how many of them another node owns; {@code ringcache.routed} says if any
     */
    public Span startRequest(String cache, String operation, int keys, int routedKeys, boolean batch) {
        SpanBuilder span = tracer.spanBuilder("ringcache." + operation)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(CACHE, cache == null || cache.isEmpty() ? "default" : cache)
                .setAttribute(OPERATION, operation)
                .setAttribute(ROUTED, routedKeys > 0);
        if (batch) {
            span.setAttribute(KEYS, (long) keys).setAttribute(KEYS_ROUTED, (long) routedKeys);
        }
        return span.startSpan();
    }

    /** Ends a request's span with its status: server-side failures mark it as an error. */
    public static void endRequest(Span span, String status, boolean serverError) {
        span.setAttribute(STATUS, status);
        if (serverError) {
            span.setStatus(StatusCode.ERROR, status);
        }
        span.end();
    }

    /** Flushes spans still queued, for at most 5 s. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** Reads propagation headers (traceparent, tracestate, baggage) from Vert.x's case-insensitive headers. */
    private static final class HeaderGetter implements TextMapGetter<MultiMap> {
        @Override
        public Iterable<String> keys(MultiMap headers) {
            return headers.names();
        }

        @Override
        public String get(MultiMap headers, String key) {
            return headers == null ? null : headers.get(key);
        }
    }
}
