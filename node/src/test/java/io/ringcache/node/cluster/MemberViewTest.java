package io.ringcache.node.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.version.MemberVersion;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class MemberViewTest {

    private final AtomicReference<Set<Member>> members = new AtomicReference<>(Set.of());
    private final AtomicInteger asked = new AtomicInteger();
    private final Cluster cluster = (Cluster) Proxy.newProxyInstance(Cluster.class.getClassLoader(),
            new Class<?>[] {Cluster.class}, (proxy, method, args) -> {
                if (method.getName().equals("getMembers")) {
                    asked.incrementAndGet();
                    return members.get();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void listsTheCurrentViewsUuids_againOnlyWhenHazelcastHandsOutANewSet() throws Exception {
        Member first = member(5701);
        Member second = member(5702);
        members.set(Set.of(first, second));
        MemberView view = new MemberView(cluster);

        Collection<UUID> listed = view.get();
        assertThat(listed).containsExactlyInAnyOrder(first.getUuid(), second.getUuid());
        assertThat(view.get()).as("the same set: the same list").isSameAs(listed);

        members.set(Set.of(first));
        assertThat(view.get()).containsExactly(first.getUuid());
        assertThat(asked).hasValue(3);
    }

    private static Member member(int port) throws UnknownHostException {
        return new MemberImpl.Builder(new Address("127.0.0.1", port))
                .uuid(UUID.randomUUID()).version(MemberVersion.of("5.6.0")).build();
    }
}
