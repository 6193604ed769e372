package io.ringcache.client;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Settings of a {@link RingcacheClient}. Only {@link #seeds} is required; everything else has a
 * default. Not thread-safe; a builder may build several clients.
 */
public final class RingcacheClientBuilder {

    private final List<String> seeds = new ArrayList<>();
    private String token;
    private boolean tls;
    private Path trustCertificate;
    private Path clientCertificate;
    private Path clientKey;
    private boolean verifyHost = true;
    private Duration deadline = Duration.ofSeconds(5);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private int connectionsPerNode = 2;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Vertx vertx;
    private boolean pipelining = true;
    private int pipelineStreamsPerNode = 2;
    private int pipelineMaxInFlight = 1024;
    private int pipelineMaxQueued = 4096;
    private final Map<String, NearCacheSettings> nearCaches = new HashMap<>();

    RingcacheClientBuilder() {
    }

    /**
     * Nodes to learn the cluster from: any nodes' gRPC addresses. The client then follows the
     * cluster's membership, so one reachable seed is enough; more let it start while some are down.
     *
     * @param addresses {@code host:port} ({@code [v6]:port} for IPv6), e.g. {@code cache-0.cache:7070}
     * @return this builder
     */
    public RingcacheClientBuilder seeds(String... addresses) {
        for (String address : addresses) {
            VertxTransport.parse(Objects.requireNonNull(address, "seed"));
            seeds.add(address);
        }
        return this;
    }

    /**
     * The bearer token the nodes require (their {@code auth-token} setting), sent as
     * {@code authorization: Bearer <token>} with every call. None by default.
     *
     * @param token the token; null or empty for none (so an unset environment variable can be passed)
     * @return this builder
     */
    public RingcacheClientBuilder token(String token) {
        this.token = token == null || token.isEmpty() ? null : token;
        return this;
    }

    /**
     * Speak TLS, trusting the JVM's default certificate authorities. Off by default.
     *
     * @return this builder
     */
    public RingcacheClientBuilder tls() {
        this.tls = true;
        return this;
    }

    /**
     * Speak TLS, trusting the certificate authorities in a PEM file (implies {@link #tls()}).
     *
     * @param caPem the CA certificates
     * @return this builder
     */
    public RingcacheClientBuilder trustCertificate(Path caPem) {
        this.trustCertificate = Objects.requireNonNull(caPem, "caPem");
        this.tls = true;
        return this;
    }

    /**
     * Present a client certificate, for nodes that require one (implies {@link #tls()}).
     *
     * @param certificatePem the certificate chain, PEM
     * @param keyPem         its private key, PEM (PKCS#8 or PKCS#1)
     * @return this builder
     */
    public RingcacheClientBuilder clientCertificate(Path certificatePem, Path keyPem) {
        this.clientCertificate = Objects.requireNonNull(certificatePem, "certificatePem");
        this.clientKey = Objects.requireNonNull(keyPem, "keyPem");
        this.tls = true;
        return this;
    }

    /**
     * Whether to check that a node's certificate names the host the client connects to (the
     * host in the topology's addresses). On by default.
     *
     * @param verify whether to verify
     * @return this builder
     */
    public RingcacheClientBuilder verifyHost(boolean verify) {
        this.verifyHost = verify;
        return this;
    }

    /**
     * How long a call may take, retries included; the nodes are told it too. 5 seconds by default.
     *
     * @param deadline a positive duration
     * @return this builder
     */
    public RingcacheClientBuilder deadline(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, not " + deadline);
        }
        this.deadline = deadline;
        return this;
    }

    /**
     * How calls are sent again after {@code UNAVAILABLE} or a connection failure, within their
     * deadline: {@link RetryPolicy#defaults()} unless set; {@link RetryPolicy#none()} lets every
     * failure reach the caller. Which operations are retried at all is listed in {@link AsyncCache}.
     *
     * @param policy the policy
     * @return this builder
     */
    public RingcacheClientBuilder retryPolicy(RetryPolicy policy) {
        this.retryPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * How long opening a connection may take. 2 seconds by default.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public RingcacheClientBuilder connectTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, not " + timeout);
        }
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * HTTP/2 connections the client may open to each node for unary calls and the topology
     * stream; calls share them. Pipeline streams have connections of their own, one per stream
     * ({@link #pipelineStreamsPerNode}). 2 by default.
     *
     * @param connections at least 1
     * @return this builder
     */
    public RingcacheClientBuilder connectionsPerNode(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections per node must be at least 1, not " + connections);
        }
        this.connectionsPerNode = connections;
        return this;
    }

    /**
     * Whether single-key get, put and delete share a few long-lived {@code Pipeline} streams per
     * node (auto-pipelining: concurrent calls are written together, once per event-loop turn,
     * and answered by id), instead of one unary gRPC call each. On by default; off sends every
     * call as its own unary call. Other operations are always unary. Either way a caller sees
     * the same asynchronous call, deadline and retries.
     *
     * @param enabled whether to pipeline
     * @return this builder
     */
    public RingcacheClientBuilder pipelining(boolean enabled) {
        this.pipelining = enabled;
        return this;
    }

    /**
     * Pipeline streams per node; a call goes on the one with the fewest calls in flight. 2 by default.
     *
     * @param streams at least 1
     * @return this builder
     */
    public RingcacheClientBuilder pipelineStreamsPerNode(int streams) {
        this.pipelineStreamsPerNode = atLeastOne(streams, "pipeline streams per node");
        return this;
    }

    /**
     * Calls one Pipeline stream carries at once (sent and not yet answered, or past their deadline
     * and not yet answered: the node is still working on those). 1024 by default, the node's own
     * limit per stream.
     *
     * @param calls at least 1
     * @return this builder
     */
    public RingcacheClientBuilder pipelineMaxInFlight(int calls) {
        this.pipelineMaxInFlight = atLeastOne(calls, "pipeline calls in flight");
        return this;
    }

    /**
     * Calls that may wait for room when every Pipeline stream to a node is full. Beyond it a call
     * fails at once with {@link RingcacheException} {@code RESOURCE_EXHAUSTED} (code 8, not
     * retried): the caller is sending faster than the node answers, and failing fast pushes
     * back on it instead of growing a queue without bound. A waiting call still fails
     * {@code DEADLINE_EXCEEDED} when its deadline passes. 4096 by default.
     *
     * @param calls at least 0
     * @return this builder
     */
    public RingcacheClientBuilder pipelineMaxQueued(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("pipeline queue must not be negative, not " + calls);
        }
        this.pipelineMaxQueued = calls;
        return this;
    }

    private static int atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + value);
        }
        return value;
    }

    /**
     * Run on an existing Vert.x instance (the client then leaves it open when it closes). By
     * default the client creates its own.
     *
     * @param vertx the instance
     * @return this builder
     */
    public RingcacheClientBuilder vertx(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        return this;
    }

    /**
     * Keeps a near cache for {@code cache}: a local copy of the entries this client reads, kept
     * current by invalidations the nodes stream to it, so repeated reads of hot keys are answered
     * without a network round trip. The client's own writes are visible to its reads at once;
     * another client's write is seen within the staleness bound of {@code docs/near-cache.md}.
     * Off by default; {@link AsyncCache#nearCacheStats()} reads its counters.
     *
     * @param cache    the cache's name ({@code null} or empty for the default cache)
     * @param settings its bounds
     * @return this builder
     */
    public RingcacheClientBuilder nearCache(String cache, NearCacheSettings settings) {
        nearCaches.put(cache == null || cache.isEmpty() ? "default" : cache, Objects.requireNonNull(settings,
                "settings"));
        return this;
    }

    /**
     * Builds the client and starts following the topology. Returns at once: until the first
     * topology arrives, calls go to a seed, which routes them.
     *
     * @return the client
     * @throws IllegalStateException if no seed was given
     */
    public RingcacheClient build() {
        return create();
    }

    /**
     * Builds the client and completes once it knows the cluster's topology, so its first calls
     * already go to their owners; fails (and closes the client) if no seed answers within the
     * deadline.
     *
     * @return the client, once connected
     */
    public CompletionStage<RingcacheClient> connect() {
        DefaultRingcacheClient client = create();
        CompletableFuture<RingcacheClient> connected = new CompletableFuture<>();
        client.watcher().first().copy().orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                connected.complete(client);
            } else {
                client.close();
                Throwable why = client.watcher().lastFailure();
                connected.completeExceptionally(new RingcacheException(RingcacheException.UNAVAILABLE,
                        "UNAVAILABLE", "no topology from " + seeds + " within " + deadline
                        + (why == null ? "" : "; last failure: " + why.getMessage()), true, why == null ? error : why));
            }
        });
        return connected;
    }

    private DefaultRingcacheClient create() {
        if (seeds.isEmpty()) {
            throw new IllegalStateException("a client needs at least one seed address (RingcacheClientBuilder.seeds)");
        }
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        if (tls) {
            options.setSsl(true).setUseAlpn(true).setVerifyHost(verifyHost);
            if (trustCertificate != null) {
                options.setTrustOptions(new PemTrustOptions().addCertPath(trustCertificate.toString()));
            }
            if (clientCertificate != null) {
                options.setKeyCertOptions(new PemKeyCertOptions().addCertPath(clientCertificate.toString())
                        .addKeyPath(clientKey.toString()));
            }
        }
        Map<String, String> headers = token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
        boolean ownsVertx = vertx == null;
        Vertx runOn = ownsVertx ? Vertx.vertx() : vertx;
        VertxTransport unary = new VertxTransport(runOn, ownsVertx, options, connectionsPerNode, headers);
        Transport transport = pipelining ? new PipeliningTransport(unary, new VertxPipelineWire(runOn, unary, options,
                pipelineStreamsPerNode),
                new PipeliningTransport.Settings(pipelineStreamsPerNode, pipelineMaxInFlight, pipelineMaxQueued),
                System::nanoTime) : unary;
        Router router = new Router(seeds, System::nanoTime, TimeUnit.SECONDS.toNanos(1));
        Calls calls = new Calls(transport, router, retryPolicy, System::nanoTime, deadline.toMillis());
        TopologyWatcher watcher = new TopologyWatcher(transport, router, new Backoff(50, 2_000));
        InvalidationWatcher invalidations = new InvalidationWatcher(transport, router);
        DefaultRingcacheClient client = new DefaultRingcacheClient(transport, calls, watcher,
                deadline.toMillis() + 1_000, invalidations, Map.copyOf(nearCaches));
        watcher.start();
        return client;
    }
}
