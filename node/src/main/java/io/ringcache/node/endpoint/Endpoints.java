package io.ringcache.node.endpoint;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A node's endpoints and the one order they start and stop in.
 *
 * <p>Start: {@link Endpoint.Phase#BEFORE_JOIN} and {@link Endpoint.Phase#BEFORE_JOIN_DRAINED}
 * endpoints listen, one after another in list order; the member joins, the store is built and
 * every endpoint is attached to it, off the event loop; then the {@link Endpoint.Phase#WITH_STORE}
 * endpoints listen, in list order. Stop, the reverse: the WITH_STORE and BEFORE_JOIN_DRAINED
 * endpoints drain (all at once, each for up to the grace period), the member leaves, then the
 * BEFORE_JOIN endpoints close. Each stop step runs even if the one before failed.
 */
public final class Endpoints {

    private final List<Endpoint> endpoints;

    /** @param endpoints in the order log lines list them; names must be distinct */
    public Endpoints(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        if (this.endpoints.stream().map(endpoint -> endpoint.spec().name()).distinct().count() != this.endpoints.size()) {
            throw new IllegalArgumentException("endpoint names repeat: " + this.endpoints.stream().map(endpoint -> endpoint.spec().name())
                    .toList());
        }
    }

    /**
     * Listens with the endpoints that listen before the join, then runs {@code joinAndAttach},
     * then listens with the WITH_STORE endpoints. Stops at the first failure; what already
     * listens stays open for {@link #release} or Vert.x's close.
     *
     * @param joinAndAttach joins the cluster, builds the store and passes its backend to
     *                      {@link #attach}, all off the event loop
     */
    public Future<Backend> start(Supplier<Future<Backend>> joinAndAttach) {
        return listen(Endpoint.Phase.BEFORE_JOIN, Endpoint.Phase.BEFORE_JOIN_DRAINED)
                .compose(ignored -> joinAndAttach.get())
                .compose(backend -> listen(Endpoint.Phase.WITH_STORE).map(backend));
    }

    /** Hands every endpoint its backend, in list order; call it off the event loop (see {@link Endpoint#attach}). */
    public void attach(Backend backend) {
        endpoints.forEach(endpoint -> endpoint.attach(backend));
    }

    /**
     * Drains the WITH_STORE and BEFORE_JOIN_DRAINED endpoints for up to {@code grace}, then runs
     * {@code leave}, then closes the BEFORE_JOIN endpoints; fails if any step failed.
     */
    public Future<Void> stop(Duration grace, Supplier<Future<Void>> leave) {
        return Future.join(inPhase(Endpoint.Phase.WITH_STORE, Endpoint.Phase.BEFORE_JOIN_DRAINED).stream()
                        .map(e -> e.shutdown(grace)).toList())
                .<Void>mapEmpty()
                .eventually(leave)
                .eventually(() -> closeEarly());
    }

    /** After a failed start: runs {@code leave}, then closes the endpoints that listened before the join. */
    public Future<Void> release(Supplier<Future<Void>> leave) {
        return leave.get().eventually(() -> close(Endpoint.Phase.BEFORE_JOIN, Endpoint.Phase.BEFORE_JOIN_DRAINED));
    }

    private Future<Void> closeEarly() {
        return close(Endpoint.Phase.BEFORE_JOIN);
    }

    private Future<Void> close(Endpoint.Phase... phases) {
        return Future.join(inPhase(phases).stream().map(Endpoint::close).toList()).mapEmpty();
    }

    private Future<Void> listen(Endpoint.Phase... phases) {
        Future<Void> listening = Future.succeededFuture();
        for (Endpoint endpoint : inPhase(phases)) {
            listening = listening.compose(ignored -> endpoint.listen());
        }
        return listening;
    }

    private List<Endpoint> inPhase(Endpoint.Phase... phases) {
        List<Endpoint.Phase> wanted = List.of(phases);
        return endpoints.stream().filter(endpoint -> wanted.contains(endpoint.spec().phase())).toList();
    }

    /** Name to configured port, in list order: what the member publishes before it joins. */
    public Map<String, Integer> configuredPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        endpoints.forEach(endpoint -> ports.put(endpoint.spec().name(), endpoint.spec().port()));
        return ports;
    }

    /** The port the endpoint named {@code name} listens on. */
    public int actualPort(String name) {
        return endpoints.stream().filter(endpoint -> endpoint.spec().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no endpoint named " + name)).actualPort();
    }

    /** For the ready log line: {@code gRPC on host:port, HTTP on host:port}, in list order. */
    public String describe() {
        return endpoints.stream().map(endpoint -> endpoint.spec().label() + " on " + endpoint.spec().host() + ":"
                + endpoint.actualPort()).collect(Collectors.joining(", "));
    }
}
