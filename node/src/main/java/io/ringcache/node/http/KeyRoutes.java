package io.ringcache.node.http;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.cache.CacheInfo;
import io.ringcache.node.cache.CacheKey;
import io.ringcache.node.cache.CacheStore;
import io.ringcache.node.cache.Lookup;
import io.ringcache.node.cache.WriteCondition;
import io.ringcache.node.config.CacheSettings;
import io.ringcache.node.tracing.Tracing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The key operations over HTTP/JSON, for curl and languages without gRPC:
 * {@code GET|PUT|DELETE /v1/caches/{cache}/keys/{key}}, {@code POST .../keys/{key}/touch}, and
 * {@code GET /v1/caches}. Keys in
 * paths are UTF-8 text. Values travel raw with {@code application/octet-stream}, or as base64
 * in {@code application/json} (see {@link ValueBodyType}).
 */
final class KeyRoutes {

    private static final String OCTET_STREAM = "application/octet-stream";

    private final CacheStore store;
    private final Tracing tracing;

    KeyRoutes(CacheStore store, Tracing tracing) {
        this.store = store;
        this.tracing = tracing;
    }

    void get(RoutingContext ctx) {
        CacheKey key = CacheKey.of(key(ctx));
        tracing.continuing(ctx.request().headers(), () -> store.get(ctx.pathParam("cache"), key)).onComplete(result -> {
            if (result.failed()) {
                HttpErrors.reply(ctx, result.cause());
                return;
            }
            Lookup lookup = result.result();
            if (lookup.possiblyLost()) {
                HttpErrors.reply(ctx, 404, "KEY_POSSIBLY_LOST",
                        "no such key, but its partition recently lost all its copies: it may have existed");
                return;
            }
            if (!lookup.found()) {
                HttpErrors.reply(ctx, 404, "KEY_NOT_FOUND", "no such key");
                return;
            }
            ctx.response().putHeader("x-ringcache-version", Long.toString(lookup.version()))
                    .putHeader("x-ringcache-ttl-remaining-ms", Long.toString(lookup.ttlRemainingMs()));
            if (wantsRaw(ctx)) {
                ctx.response().putHeader("content-type", OCTET_STREAM).end(Buffer.buffer(lookup.value()));
            } else {
                json(ctx, 200, new JsonObject()
                        .put("value", Base64.getEncoder().encodeToString(lookup.value()))
                        .put("version", lookup.version())
                        .put("ttl_remaining_ms", lookup.ttlRemainingMs()));
            }
        });
    }

    void put(RoutingContext ctx) {
        byte[] value;
        long ttlMs;
        long expectedVersion;
        WriteCondition condition;
        try {
            value = value(ctx);
            ttlMs = longParam(ctx, "ttl_ms");
            expectedVersion = version(ctx);
            condition = condition(ctx.queryParams().get("if"), expectedVersion);
        } catch (IllegalArgumentException e) {
            HttpErrors.reply(ctx, CacheError.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        CacheKey key = CacheKey.of(key(ctx));
        tracing.continuing(ctx.request().headers(),
                () -> store.put(ctx.pathParam("cache"), key, value, ttlMs, condition, expectedVersion)).onComplete(result -> {
            if (result.failed()) {
                HttpErrors.reply(ctx, result.cause());
            } else {
                json(ctx, 200, new JsonObject().put("applied", result.result().applied())
                        .put("version", result.result().version()));
            }
        });
    }

    void delete(RoutingContext ctx) {
        long expectedVersion;
        try {
            expectedVersion = version(ctx);
        } catch (IllegalArgumentException e) {
            HttpErrors.reply(ctx, CacheError.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        CacheKey key = CacheKey.of(key(ctx));
        tracing.continuing(ctx.request().headers(),
                () -> store.delete(ctx.pathParam("cache"), key, expectedVersion)).onComplete(result -> {
            if (result.failed()) {
                HttpErrors.reply(ctx, result.cause());
            } else {
                json(ctx, 200, new JsonObject().put("deleted", result.result()));
            }
        });
    }

    /** Sets a new TTL ({@code ttl_ms}, 0 = never expires) without changing value or version. */
    void touch(RoutingContext ctx) {
        long ttlMs;
        try {
            ttlMs = longParam(ctx, "ttl_ms");
        } catch (IllegalArgumentException e) {
            HttpErrors.reply(ctx, CacheError.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        CacheKey key = CacheKey.of(key(ctx));
        tracing.continuing(ctx.request().headers(),
                () -> store.touch(ctx.pathParam("cache"), key, ttlMs)).onComplete(result -> {
            if (result.failed()) {
                HttpErrors.reply(ctx, result.cause());
            } else {
                json(ctx, 200, new JsonObject().put("found", result.result()));
            }
        });
    }

    void listCaches(RoutingContext ctx) {
        JsonArray caches = new JsonArray();
        for (CacheInfo info : store.describeCaches()) {
            CacheSettings settings = info.settings();
            caches.add(new JsonObject()
                    .put("name", settings.name())
                    .put("settings", new JsonObject()
                            .put("default_ttl_ms", settings.defaultTtl().toMillis())
                            .put("max_idle_ms", settings.maxIdle().toMillis())
                            .put("max_entries_per_node", settings.maxEntriesPerNode())
                            .put("max_heap_per_node_mb", settings.maxHeapPerNodeMb())
                            .put("eviction", settings.eviction().name())
                            .put("backups", settings.backups())
                            .put("async_backups", settings.asyncBackups())
                            .put("read_from_backup", settings.readFromBackup())
                            .put("linearizable_reads", settings.linearizableReads())
                            .put("lost_partition_fence_ms", settings.lostPartitionFence().toMillis()))
                    .put("this_node", new JsonObject()
                            .put("owned_entries", info.ownedEntries())
                            .put("backup_entries", info.backupEntries())
                            .put("owned_bytes", info.ownedBytes())
                            .put("hits", info.hits())
                            .put("reads", info.reads())
                            .put("writes", info.writes())
                            .put("removals", info.removals())));
        }
        json(ctx, 200, new JsonObject().put("caches", caches));
    }

    private static byte[] key(RoutingContext ctx) {
        return ctx.pathParam("key").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean wantsRaw(RoutingContext ctx) {
        String accept = ctx.request().getHeader("accept");
        return accept != null && accept.contains(OCTET_STREAM);
    }

    private static byte[] value(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (ValueBodyType.of(ctx) == ValueBodyType.RAW) {
            return body == null ? new byte[0] : body.getBytes();
        }
        if (body == null || body.length() == 0) {
            throw new IllegalArgumentException("the JSON body is empty; send {\"value\": \"<base64>\"}");
        }
        try {
            JsonObject json = body.toJsonObject();
            String encoded = json.getString("value");
            if (encoded == null) {
                throw new IllegalArgumentException("JSON body needs a \"value\" field holding base64");
            }
            return Base64.getDecoder().decode(encoded);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not a JSON object with a base64 \"value\"");
        }
    }

    /** The {@code version} query parameter; 0 when absent. */
    private static long version(RoutingContext ctx) {
        long version = longParam(ctx, "version");
        if (version < 0) {
            throw new IllegalArgumentException("version=N must be positive (the version a GET answers), was " + version);
        }
        return version;
    }

    private static long longParam(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    /**
     * The write condition. A version alone means compare-and-set, as it does on DELETE; with
     * {@code if=absent} or {@code if=present} it would be ignored, so it is refused.
     */
    private static WriteCondition condition(String text, long version) {
        if (text == null || text.isEmpty()) {
            return version > 0 ? WriteCondition.IF_VERSION : WriteCondition.ALWAYS;
        }
        WriteCondition condition = switch (text) {
            case "absent" -> WriteCondition.IF_ABSENT;
            case "present" -> WriteCondition.IF_PRESENT;
            case "version" -> WriteCondition.IF_VERSION;
            default -> throw new IllegalArgumentException("if must be absent, present or version, was '" + text + "'");
        };
        if (condition == WriteCondition.IF_VERSION && version == 0) {
            throw new IllegalArgumentException("if=version needs version=N, the version the key must have"
                    + " (a GET answers it)");
        }
        if (condition != WriteCondition.IF_VERSION && version > 0) {
            throw new IllegalArgumentException("if=" + text + " takes no version=; drop version=" + version
                    + ", or use if=version (or version= alone) to write only over that version");
        }
        return condition;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
