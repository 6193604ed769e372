package io.ringcache.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers every member's sample by sending each a {@link SampleTask} on the console executor.
 * Asynchronous throughout; a member that has not answered by the deadline is reported as
 * unavailable, so one stalled member never holds up the page.
 */
public final class MemberSamples implements ClusterSamples {

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final Duration deadline;

    public MemberSamples(Vertx vertx, HazelcastInstance hazelcast, Duration deadline) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
        this.deadline = deadline;
    }

    /** Completes on the caller's Vert.x context (answers arrive on Hazelcast's threads and are handed over). */
    @Override
    public Future<JsonObject> gather() {
        Context context = vertx.getOrCreateContext();
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            answers.add(ask(member, context));
        }
        return Future.join(answers).transform(ignored -> {
            JsonArray members = new JsonArray();
            answers.forEach(answer -> members.add(answer.result()));
            return Future.succeededFuture(new JsonObject().put("time_ms", System.currentTimeMillis())
                    .put("members", members));
        });
    }

    private Future<JsonObject> ask(Member member, Context context) {
        String id = member.getUuid().toString();
        Promise<JsonObject> answer = Promise.promise();
        long timer = vertx.setTimer(deadline.toMillis(),
                fired -> answer.tryComplete(unavailable(id, "no answer within " + deadline.toMillis() + " ms")));
        try {
            hazelcast.getExecutorService(SampleSerialization.EXECUTOR).submitToMember(new SampleTask(), member,
                    new ExecutionCallback<String>() {
                        @Override
                        public void onResponse(String sample) {
                            context.runOnContext(ignored -> {
                                vertx.cancelTimer(timer);
                                answer.tryComplete(new JsonObject(sample));
                            });
                        }

                        @Override
                        public void onFailure(Throwable failure) {
                            context.runOnContext(ignored -> {
                                vertx.cancelTimer(timer);
                                answer.tryComplete(unavailable(id, String.valueOf(failure.getMessage())));
                            });
                        }
                    });
        } catch (RuntimeException e) {
            vertx.cancelTimer(timer);
            answer.tryComplete(unavailable(id, String.valueOf(e.getMessage())));
        }
        return answer.future();
    }

    private static JsonObject unavailable(String id, String reason) {
        return new JsonObject().put("id", id).put("error", reason);
    }
}
