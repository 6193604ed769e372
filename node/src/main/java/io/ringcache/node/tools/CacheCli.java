package io.ringcache.node.tools;

import com.google.protobuf.ByteString;
import io.ringcache.proto.v1.CacheServiceGrpcClient;
import io.ringcache.proto.v1.GetRequest;
import io.ringcache.proto.v1.GetResponse;
import io.ringcache.proto.v1.PutRequest;
import io.ringcache.proto.v1.PutResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A minimal command-line client, in the runnable jar, for checks from any host or container:
 * <pre>
 * java -cp ringcache-node.jar io.ringcache.node.tools.CacheCli HOST:PORT put KEY VALUE
 * java -cp ringcache-node.jar io.ringcache.node.tools.CacheCli HOST:PORT get KEY
 * </pre>
 * Prints the answer; exits 0 on success, 1 when the key is missing or the call fails, 2 on
 * bad usage. Keys and values are UTF-8 text.
 */
public final class CacheCli {

    private CacheCli() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || !(args[1].equals("get") && args.length == 3 || args[1].equals("put") && args.length == 4)) {
            System.err.println("usage: CacheCli HOST:PORT get KEY | CacheCli HOST:PORT put KEY VALUE");
            System.exit(2);
        }
        int colon = args[0].lastIndexOf(':');
        SocketAddress target = SocketAddress.inetSocketAddress(Integer.parseInt(args[0].substring(colon + 1)),
                args[0].substring(0, colon));
        Vertx vertx = Vertx.vertx();
        int status;
        try {
            CacheServiceGrpcClient client = CacheServiceGrpcClient.create(GrpcClient.client(vertx,
                    new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)),
                    target);
            status = run(client, args);
        } catch (Exception e) {
            System.err.println("failed: " + e);
            status = 1;
        } finally {
            vertx.close();
        }
        System.exit(status);
    }

    private static int run(CacheServiceGrpcClient client, String[] args) throws Exception {
        ByteString key = ByteString.copyFrom(args[2], StandardCharsets.UTF_8);
        if (args[1].equals("put")) {
            PutResponse put = await(client.put(PutRequest.newBuilder().setKey(key)
                    .setValue(ByteString.copyFrom(args[3], StandardCharsets.UTF_8)).build()));
            System.out.println("applied=" + put.getApplied() + " version=" + put.getVersion());
            return 0;
        }
        GetResponse get = await(client.get(GetRequest.newBuilder().setKey(key).build()));
        if (!get.getFound()) {
            System.out.println("(not found)");
            return 1;
        }
        System.out.println(get.getValue().toStringUtf8());
        return 0;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
