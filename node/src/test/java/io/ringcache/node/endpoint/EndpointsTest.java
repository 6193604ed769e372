package io.ringcache.node.endpoint;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order a node's endpoints start and stop in, over fake endpoints that record each call. */
class EndpointsTest {

    private static final Backend BACKEND = new Backend(null, null, null);
    private static final Duration GRACE = Duration.ofSeconds(7);

    private final List<String> calls = new ArrayList<>();

    @Test
    void start_listensEarlyEndpointsFirst_thenJoinsAndAttaches_thenListensWithStoreEndpoints() {
        Endpoints endpoints = new Endpoints(List.of(fake("grpc", Endpoint.Phase.BEFORE_JOIN_DRAINED),
                fake("http", Endpoint.Phase.BEFORE_JOIN), fake("resp", Endpoint.Phase.WITH_STORE)));

        Future<Backend> started = endpoints.start(() -> {
            calls.add("join");
            endpoints.attach(BACKEND);
            return Future.succeededFuture(BACKEND);
        });

        assertThat(started.succeeded()).isTrue();
        assertThat(calls).containsExactly("grpc.listen", "http.listen", "join", "grpc.attach", "http.attach",
                "resp.attach", "resp.listen");
    }

    @Test
    void start_stopsAtTheFirstFailure() {
        FakeEndpoint http = fake("http", Endpoint.Phase.BEFORE_JOIN);
        http.listenResult = Future.failedFuture("cannot listen for HTTP");
        Endpoints endpoints = new Endpoints(List.of(fake("grpc", Endpoint.Phase.WITH_STORE), http));

        Future<Backend> started = endpoints.start(() -> {
            calls.add("join");
            return Future.succeededFuture(BACKEND);
        });

        assertThat(started.cause()).hasMessage("cannot listen for HTTP");
        assertThat(calls).containsExactly("http.listen");
    }

    @Test
    void start_whenAWithStoreEndpointCannotListen_failsWithItsError() {
        FakeEndpoint grpc = fake("grpc", Endpoint.Phase.WITH_STORE);
        grpc.listenResult = Future.failedFuture("cannot listen for gRPC");
        Endpoints endpoints = new Endpoints(List.of(grpc, fake("http", Endpoint.Phase.BEFORE_JOIN),
                fake("resp", Endpoint.Phase.WITH_STORE)));

        Future<Backend> started = endpoints.start(() -> Future.succeededFuture(BACKEND));

        assertThat(started.cause()).hasMessage("cannot listen for gRPC");
        assertThat(calls).containsExactly("http.listen", "grpc.listen");
    }

    @Test
    void stop_drainsWithStoreEndpointsAllAtOnce_thenLeaves_thenClosesBeforeJoinEndpoints() {
        FakeEndpoint grpc = fake("grpc", Endpoint.Phase.WITH_STORE);
        FakeEndpoint resp = fake("resp", Endpoint.Phase.WITH_STORE);
        Promise<Void> grpcDrained = Promise.promise();
        grpc.shutdownResult = grpcDrained.future();
        Endpoints endpoints = new Endpoints(List.of(grpc, fake("http", Endpoint.Phase.BEFORE_JOIN), resp));

        Future<Void> stopped = endpoints.stop(GRACE, () -> {
            calls.add("leave");
            return Future.succeededFuture();
        });

        // Every drain has begun; the member stays until the slowest has finished.
        assertThat(calls).containsExactly("grpc.shutdown(PT7S)", "resp.shutdown(PT7S)");
        grpcDrained.complete();
        assertThat(stopped.succeeded()).isTrue();
        assertThat(calls).containsExactly("grpc.shutdown(PT7S)", "resp.shutdown(PT7S)", "leave", "http.close");
    }

    @Test
    void stop_drainsBeforeJoinDrainedEndpointsWithTheWithStoreOnes_beforeLeaving() {
        Endpoints endpoints = new Endpoints(List.of(fake("grpc", Endpoint.Phase.BEFORE_JOIN_DRAINED),
                fake("http", Endpoint.Phase.BEFORE_JOIN), fake("resp", Endpoint.Phase.WITH_STORE)));

        Future<Void> stopped = endpoints.stop(GRACE, () -> {
            calls.add("leave");
            return Future.succeededFuture();
        });

        assertThat(stopped.succeeded()).isTrue();
        assertThat(calls).containsExactly("grpc.shutdown(PT7S)", "resp.shutdown(PT7S)", "leave", "http.close");
    }

    @Test
    void release_closesEveryEndpointThatListenedBeforeTheJoin() {
        Endpoints endpoints = new Endpoints(List.of(fake("grpc", Endpoint.Phase.BEFORE_JOIN_DRAINED),
                fake("http", Endpoint.Phase.BEFORE_JOIN), fake("resp", Endpoint.Phase.WITH_STORE)));

        Future<Void> released = endpoints.release(() -> {
            calls.add("leave");
            return Future.succeededFuture();
        });

        assertThat(released.succeeded()).isTrue();
        assertThat(calls).containsExactly("leave", "grpc.close", "http.close");
    }

    @Test
    void stop_runsEveryStepWhenOneFails_andFails() {
        FakeEndpoint grpc = fake("grpc", Endpoint.Phase.WITH_STORE);
        grpc.shutdownResult = Future.failedFuture("drain failed");
        Endpoints endpoints = new Endpoints(List.of(grpc, fake("http", Endpoint.Phase.BEFORE_JOIN)));

        Future<Void> stopped = endpoints.stop(GRACE, () -> {
            calls.add("leave");
            return Future.succeededFuture();
        });

        assertThat(stopped.cause()).hasMessage("drain failed");
        assertThat(calls).containsExactly("grpc.shutdown(PT7S)", "leave", "http.close");
    }

    @Test
    void release_leavesThenClosesBeforeJoinEndpointsOnly() {
        Endpoints endpoints = new Endpoints(List.of(fake("grpc", Endpoint.Phase.WITH_STORE),
                fake("http", Endpoint.Phase.BEFORE_JOIN)));

        Future<Void> released = endpoints.release(() -> {
            calls.add("leave");
            return Future.succeededFuture();
        });

        assertThat(released.succeeded()).isTrue();
        assertThat(calls).containsExactly("leave", "http.close");
    }

    @Test
    void describe_namesEveryEndpointInListOrder_asTheReadyLogLineDoes() {
        Endpoints endpoints = new Endpoints(List.of(fake("grpc", Endpoint.Phase.WITH_STORE),
                fake("http", Endpoint.Phase.BEFORE_JOIN)));

        assertThat(endpoints.describe()).isEqualTo("GRPC on 127.0.0.1:14, HTTP on 127.0.0.1:14");
        assertThat(endpoints.configuredPorts()).containsExactly(Map.entry("grpc", 4), Map.entry("http", 4));
        assertThat(endpoints.actualPort("http")).isEqualTo(14);
        assertThatThrownBy(() -> endpoints.actualPort("resp")).hasMessageContaining("resp");
    }

    @Test
    void names_mustBeDistinct() {
        assertThatThrownBy(() -> new Endpoints(List.of(fake("http", Endpoint.Phase.BEFORE_JOIN),
                fake("http", Endpoint.Phase.WITH_STORE)))).isInstanceOf(IllegalArgumentException.class);
    }

    private FakeEndpoint fake(String name, Endpoint.Phase phase) {
        return new FakeEndpoint(name, phase, calls);
    }

    private static final class FakeEndpoint implements Endpoint {

        private final String name;
        private final Phase phase;
        private final List<String> calls;
        Future<Void> listenResult = Future.succeededFuture();
        Future<Void> shutdownResult = Future.succeededFuture();

        FakeEndpoint(String name, Phase phase, List<String> calls) {
            this.name = name;
            this.phase = phase;
            this.calls = calls;
        }

        @Override
        public EndpointSpec spec() {
            return new EndpointSpec(name, name.toUpperCase(), phase, "127.0.0.1", 4, name + "-port");
        }

        @Override
        public void attach(Backend backend) {
            calls.add(name + ".attach");
        }

        @Override
        public Future<Void> listen() {
            calls.add(name + ".listen");
            return listenResult;
        }

        @Override
        public int actualPort() {
            return 14;
        }

        @Override
        public Future<Void> shutdown(Duration grace) {
            calls.add(name + ".shutdown(" + grace + ")");
            return shutdownResult;
        }

        @Override
        public Future<Void> close() {
            calls.add(name + ".close");
            return Future.succeededFuture();
        }
    }
}
