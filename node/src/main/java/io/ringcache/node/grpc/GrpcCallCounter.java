package io.ringcache.node.grpc;

import com.google.protobuf.Descriptors;
import io.ringcache.node.metrics.ProtocolMetrics;
import io.ringcache.proto.v1.CacheProto;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the cache service's calls by method as they arrive, for the protocol breakdown of
 * {@code ringcache.protocol.commands}. Method names come from the service's descriptor (any other
 * path under the service counts as {@code unknown}), so clients cannot grow the label set;
 * health checks and reflection are not cache traffic and are not counted.
 */
final class GrpcCallCounter implements Handler<HttpServerRequest> {

    private final ProtocolMetrics metrics;
    private final Handler<HttpServerRequest> next;
    private final String servicePrefix;
    private final Map<String, String> methodsByPath = new HashMap<>();

    GrpcCallCounter(ProtocolMetrics metrics, Handler<HttpServerRequest> next) {
        this.metrics = metrics;
        this.next = next;
        Descriptors.ServiceDescriptor service = CacheProto.getDescriptor().findServiceByName("CacheService");
        this.servicePrefix = "/" + service.getFullName() + "/";
        for (Descriptors.MethodDescriptor method : service.getMethods()) {
            methodsByPath.put(servicePrefix + method.getName(), method.getName());
        }
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith(servicePrefix)) {
            metrics.command(methodsByPath.get(path));
        }
        next.handle(request);
    }
}
