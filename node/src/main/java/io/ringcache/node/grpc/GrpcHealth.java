package io.ringcache.node.grpc;

import com.google.protobuf.Descriptors;
import io.ringcache.node.cluster.NodeReadiness;
import io.ringcache.proto.v1.CacheServiceGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.vertx.grpc.health.v1.HealthProto;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.server.StatusException;

import java.util.Set;

/**
 * {@code grpc.health.v1.Health} following readiness, for the whole server ({@code ""}, what
 * Kubernetes gRPC probes ask by default) and for {@code ringcache.v1.CacheService}. Vert.x's
 * own health service always reports {@code ""} as SERVING, so it cannot be used here.
 */
final class GrpcHealth implements Service {

    private static final ServiceName NAME = ServiceName.create("grpc.health.v1", "Health");
    private static final ServiceMethod<HealthCheckRequest, HealthCheckResponse> CHECK = ServiceMethod.server(NAME,
            "Check", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(HealthCheckRequest.newBuilder()));
    private static final ServiceMethod<HealthCheckRequest, HealthCheckResponse> WATCH = ServiceMethod.server(NAME,
            "Watch", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(HealthCheckRequest.newBuilder()));
    private static final Set<String> KNOWN = Set.of("", CacheServiceGrpcService.SERVICE_NAME.fullyQualifiedName());
    private static final long WATCH_INTERVAL_MS = 500;

    private final Vertx vertx;
    private final NodeReadiness readiness;

    GrpcHealth(Vertx vertx, NodeReadiness readiness) {
        this.vertx = vertx;
        this.readiness = readiness;
    }

    @Override
    public ServiceName name() {
        return NAME;
    }

    @Override
    public Descriptors.ServiceDescriptor descriptor() {
        return HealthProto.getDescriptor().findServiceByName("Health");
    }

    @Override
    public void bind(GrpcServer server) {
        UnaryCalls.bind(server, CHECK, request -> {
            if (!KNOWN.contains(request.getService())) {
                return Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND,
                        "unknown service '" + request.getService() + "'"));
            }
            return Future.succeededFuture(response(status()));
        });
        server.callHandler(WATCH, request -> UnaryCalls.onMessage(request, WATCH,
                message -> watch(message, request.response())));
    }

    /**
     * Sends the status now and again whenever it changes; ends once the node no longer serves,
     * so a draining server is not held open by watchers. Unknown services read SERVICE_UNKNOWN.
     */
    private void watch(HealthCheckRequest request, GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response) {
        if (!KNOWN.contains(request.getService())) {
            write(response, ServingStatus.SERVICE_UNKNOWN);
            return;
        }
        ServingStatus[] last = {status()};
        write(response, last[0]);
        long timer = vertx.setPeriodic(WATCH_INTERVAL_MS, id -> {
            ServingStatus now = status();
            if (now != last[0]) {
                last[0] = now;
                if (!write(response, now)) {
                    vertx.cancelTimer(id);
                }
            }
            if (now != ServingStatus.SERVING) {
                vertx.cancelTimer(id);
                endQuietly(response);
            }
        });
        response.exceptionHandler(error -> vertx.cancelTimer(timer));
    }

    private ServingStatus status() {
        return readiness.isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    }

    private static HealthCheckResponse response(ServingStatus status) {
        return HealthCheckResponse.newBuilder().setStatus(status).build();
    }

    private static boolean write(GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response,
                                 ServingStatus status) {
        try {
            response.write(response(status));
            return true;
        } catch (IllegalStateException streamClosed) {
            return false;
        }
    }

    private static void endQuietly(GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response) {
        try {
            response.end();
        } catch (IllegalStateException streamClosed) {
            // the client left first
        }
    }
}
