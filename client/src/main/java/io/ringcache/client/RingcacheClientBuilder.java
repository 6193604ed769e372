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
    private Vertx vertx;
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
     * @param token the token
     * @return this builder
     */
    public RingcacheClientBuilder token(String token) {
        this.token = Objects.requireNonNull(token, "token");
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
     * HTTP/2 connections the client may open to each node; calls share them. 2 by default.
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
                connected.completeExceptionally(new RingcacheException(RingcacheException.UNAVAILABLE,
                        "UNAVAILABLE", "no topology from " + seeds + " within " + deadline, true, error));
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
        VertxTransport transport = new VertxTransport(ownsVertx ? Vertx.vertx() : vertx, ownsVertx, options,
                connectionsPerNode, headers);
        Router router = new Router(seeds, System::nanoTime, TimeUnit.SECONDS.toNanos(1));
        Calls calls = new Calls(transport, router, new Backoff(20, 500), System::nanoTime, deadline.toMillis());
        TopologyWatcher watcher = new TopologyWatcher(transport, router, new Backoff(50, 2_000));
        InvalidationWatcher invalidations = new InvalidationWatcher(transport, router);
        DefaultRingcacheClient client = new DefaultRingcacheClient(transport, calls, watcher,
                deadline.toMillis() + 1_000, invalidations, Map.copyOf(nearCaches));
        watcher.start();
        return client;
    }
}
