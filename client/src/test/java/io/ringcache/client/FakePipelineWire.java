package io.ringcache.client;

import io.ringcache.proto.v1.PipelineRequest;
import io.ringcache.proto.v1.PipelineResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * Pipeline streams without a network: opening is answered by the test, tasks given to a stream
 * wait until the test runs the next "turn", and each write is recorded as one batch.
 */
final class FakePipelineWire implements PipelineWire {

    /** One stream the code under test asked for. */
    final class FakeStream implements Sink {
        final CompletableFuture<Sink> opened = new CompletableFuture<>();
        final Listener listener;
        final List<List<PipelineRequest>> batches = new ArrayList<>();
        boolean cancelled;

        FakeStream(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void execute(Runnable task) {
            turn.add(task);
        }

        @Override
        public void write(List<PipelineRequest> batch) {
            batches.add(List.copyOf(batch));
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        FakeStream open() {
            opened.complete(this);
            return this;
        }

        List<PipelineRequest> written() {
            return batches.stream().flatMap(List::stream).toList();
        }

        void answer(PipelineRequest request) {
            listener.answered(PipelineResponse.newBuilder().setId(request.getId())
                    .setGet(io.ringcache.proto.v1.GetResponse.newBuilder().setFound(true)
                            .setValue(request.getGet().getKey()))
                    .build());
        }
    }

    final List<FakeStream> streams = new ArrayList<>();
    private final Queue<Runnable> turn = new ArrayDeque<>();

    @Override
    public CompletableFuture<Sink> open(String address, Listener listener) {
        FakeStream stream = new FakeStream(listener);
        streams.add(stream);
        return stream.opened;
    }

    @Override
    public Runnable every(long periodMs, Runnable task) {
        return () -> { };
    }

    /** Runs the tasks queued so far, as the event loop's next turn would. */
    void runTurn() {
        List<Runnable> tasks = new ArrayList<>(turn);
        turn.clear();
        tasks.forEach(Runnable::run);
    }
}
