package io.ringcache.node.cluster;

import io.vertx.core.json.JsonObject;

/**
 * This member's figures for the web console, as a {@link SampleTask} sent by whichever node
 * serves the console finds them in the member's user context.
 */
public interface LocalSample {

    /** Called on a Hazelcast executor thread, never an event loop. */
    JsonObject sample();
}
