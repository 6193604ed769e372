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
 * <p>Start: {@link Endpoint.Phase#BEFORE_JOIN} endpoints listen, one after another in list
 * order; the member joins and the store is built; every endpoint is attached to it; then the
 * {@link Endpoint.Phase#WITH_STORE} endpoints listen, in list order. Stop, the reverse: the
 * WITH_STORE endpoints drain (all at once, each for up to the grace period), the member leaves,
 * then the BEFORE_JOIN endpoints close. Each stop step runs even if the one before failed.
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
     * Listens with the BEFORE_JOIN endpoints, then runs {@code join}, attaches its backend to
     * every endpoint, then listens with the WITH_STORE endpoints. Stops at the first failure;
     * what already listens stays open for {@link #release} or Vert.x's close.
     *
     * @param join joins the cluster and builds the store, off the event loop
     */
    public Future<Backend> start(Supplier<Future<Backend>> join) {
        return listen(Endpoint.Phase.BEFORE_JOIN)
                .compose(ignored -> join.get())
                .compose(backend -> {
                    endpoints.forEach(endpoint -> endpoint.attach(backend));
                    return listen(Endpoint.Phase.WITH_STORE).map(backend);
                });
    }

    /**
     * Drains the WITH_STORE endpoints for up to {@code grace}, then runs {@code leave}, then
     * closes the BEFORE_JOIN endpoints; fails if any step failed.
     */
    public Future<Void> stop(Duration grace, Supplier<Future<Void>> leave) {
        return Future.join(inPhase(Endpoint.Phase.WITH_STORE).stream().map(e -> e.shutdown(grace)).toList())
                .<Void>mapEmpty()
                .eventually(leave)
                .eventually(() -> closeEarly());
    }

    /** After a failed start: runs {@code leave}, then closes the BEFORE_JOIN endpoints. */
    public Future<Void> release(Supplier<Future<Void>> leave) {
        return leave.get().eventually(() -> closeEarly());
    }

    private Future<Void> closeEarly() {
        return Future.join(inPhase(Endpoint.Phase.BEFORE_JOIN).stream().map(Endpoint::close).toList()).mapEmpty();
    }

    private Future<Void> listen(Endpoint.Phase phase) {
        Future<Void> listening = Future.succeededFuture();
        for (Endpoint endpoint : inPhase(phase)) {
            listening = listening.compose(ignored -> endpoint.listen());
        }
        return listening;
    }

    private List<Endpoint> inPhase(Endpoint.Phase phase) {
        return endpoints.stream().filter(endpoint -> endpoint.spec().phase() == phase).toList();
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
