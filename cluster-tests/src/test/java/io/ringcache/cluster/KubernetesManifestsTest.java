package io.ringcache.cluster;

import io.ringcache.node.RingcacheNode;
import io.ringcache.node.config.ConfigLoader;
import io.ringcache.node.config.Durations;
import io.ringcache.node.config.NodeConfig;
import io.ringcache.node.config.Settings;
import io.ringcache.node.testing.Awaits;
import io.ringcache.node.testing.TestNodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The k8s/ base, rendered, held to what the node really serves and reads. */
class KubernetesManifestsTest {

    private static final Path BASE = Path.of("..", "k8s");
    private static final List<Map<String, Object>> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void render() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> kustomization = yaml.load(Files.readString(BASE.resolve("kustomization.yaml")));
        for (Object file : (List<?>) kustomization.get("resources")) {
            for (Object document : yaml.loadAll(Files.readString(BASE.resolve(String.valueOf(file))))) {
                OBJECTS.add(map(document));
            }
        }
    }

    @Test
    void kubectlKustomize_rendersTheSameObjects_whenKubectlIsInstalled() throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        if (!Files.isExecutable(kubectl)) {
            System.out.println("[k8s] kubectl not installed: rendered from kustomization.yaml's resources only");
            return;
        }
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", BASE.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> kinds = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(output)
                .forEach(doc -> kinds.add(String.valueOf(map(doc).get("kind"))));
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(OBJECTS.stream().map(o -> (String) o.get("kind")).toList());
    }

    @Test
    void containerPorts_areTheNodesDefaults() {
        Map<String, Integer> ports = new HashMap<>();
        for (Object port : list(container(), "ports")) {
            ports.put(String.valueOf(map(port).get("name")), (Integer) map(port).get("containerPort"));
        }
        assertThat(ports).containsEntry("grpc", Integer.parseInt(Settings.GRPC_PORT.defaultValue()))
                .containsEntry("http", Integer.parseInt(Settings.HTTP_PORT.defaultValue()))
                .containsEntry("resp", Integer.parseInt(Settings.RESP_PORT.defaultValue()))
                .containsEntry("hazelcast", Integer.parseInt(Settings.HAZELCAST_PORT.defaultValue()));
    }

    @Test
    void bothServices_exposeTheGrpcAndRespPorts_byTheContainerPortNames() {
        List<Map<String, Object>> services = OBJECTS.stream().filter(o -> "Service".equals(o.get("kind"))).toList();
        assertThat(services).hasSize(2);
        for (Map<String, Object> service : services) {
            Map<String, Object> byName = new HashMap<>();
            for (Object port : list(map(service.get("spec")), "ports")) {
                byName.put(String.valueOf(map(port).get("name")), port);
            }
            String name = String.valueOf(map(service.get("metadata")).get("name"));
            for (String wanted : List.of("grpc", "resp")) {
                assertThat(byName).as("%s port %s", name, wanted).containsKey(wanted);
                assertThat(map(byName.get(wanted)).get("targetPort")).as("%s port %s", name, wanted).isEqualTo(wanted);
            }
            assertThat(map(byName.get("resp")).get("port")).isEqualTo(Integer.parseInt(Settings.RESP_PORT.defaultValue()));
        }
    }

    @Test
    void everyRingcacheVariable_isOneTheNodeReads_andTheWholeEnvironmentLoads() {
        Map<String, String> env = environment();
        env.keySet().stream().filter(name -> name.startsWith("RINGCACHE_"))
                .forEach(name -> assertThat(Settings.byEnvName(name)).as(name).isPresent());
        Map<String, String> withoutFile = new HashMap<>(env);
        withoutFile.remove(Settings.CONFIG.envName());
        NodeConfig config = ConfigLoader.load(new String[0], withoutFile);
        assertThat(config.clusterName()).isEqualTo("ringcache");
    }

    @Test
    void join_namesTheHeadlessService_whichSelectsThePodsAndPublishesNotReadyAddresses() {
        Map<String, Object> statefulSet = object("StatefulSet");
        Map<String, Object> headless = OBJECTS.stream()
                .filter(o -> "Service".equals(o.get("kind")) && "None".equals(map(o.get("spec")).get("clusterIP")))
                .findFirst().orElseThrow();
        String headlessName = String.valueOf(map(headless.get("metadata")).get("name"));

        assertThat(environment().get("RINGCACHE_JOIN")).isIn("dns:" + headlessName, "dns:" + headlessName + ":5701");
        assertThat(map(statefulSet.get("spec")).get("serviceName")).isEqualTo(headlessName);
        assertThat(map(headless.get("spec")).get("publishNotReadyAddresses")).isEqualTo(true);
        Map<String, Object> podLabels = map(map(map(map(statefulSet.get("spec")).get("template")).get("metadata"))
                .get("labels"));
        assertThat(podLabels).containsAllEntriesOf(map(map(headless.get("spec")).get("selector")));
        assertThat(podLabels).containsAllEntriesOf(map(map(map(object("PodDisruptionBudget").get("spec"))
                .get("selector")).get("matchLabels")));
    }

    @Test
    void probePaths_answerOnARunningNode() throws Exception {
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> httpGet = map(map(container().get(probe)).get("httpGet"));
            assertThat(httpGet.get("port")).as(probe).isEqualTo("http");
            paths.add(String.valueOf(httpGet.get("path")));
        }
        RingcacheNode node = TestNodes.startSingleNode();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (String path : paths) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
            }
        } finally {
            Awaits.result(node.stop());
        }
    }

    @Test
    void gracePeriod_coversDrainSafetyWaitAndHandOff_andTheConfigFileIsValid() throws IOException {
        Duration shutdown = Durations.parse(environment().get("RINGCACHE_SHUTDOWN_TIMEOUT"));
        int grace = (Integer) map(map(map(object("StatefulSet").get("spec")).get("template")).get("spec"))
                .get("terminationGracePeriodSeconds");
        assertThat((long) grace).isGreaterThan(shutdown.multipliedBy(3).toSeconds());

        String file = String.valueOf(map(object("ConfigMap").get("data")).get("ringcache.yaml"));
        Path local = Files.createDirectories(Path.of("target")).resolve("k8s-ringcache.yaml");
        Files.writeString(local, file);
        NodeConfig config = ConfigLoader.load(new String[]{"--config=" + local}, Map.of());
        assertThat(config.caches()).containsKey("sessions");
    }

    @Test
    void securityContext_isRestricted() {
        Map<String, Object> security = map(container().get("securityContext"));
        assertThat(security).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(map(map(map(map(object("StatefulSet").get("spec")).get("template")).get("spec"))
                .get("securityContext"))).containsEntry("runAsNonRoot", true);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (Object variable : list(container(), "env")) {
            env.put(String.valueOf(map(variable).get("name")), String.valueOf(map(variable).get("value")));
        }
        return env;
    }

    private static Map<String, Object> container() {
        Map<String, Object> podSpec = map(map(map(object("StatefulSet").get("spec")).get("template")).get("spec"));
        return map(((List<?>) podSpec.get("containers")).get(0));
    }

    private static Map<String, Object> object(String kind) {
        return OBJECTS.stream().filter(o -> kind.equals(o.get("kind"))).findFirst().orElseThrow();
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        return (List<?>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
