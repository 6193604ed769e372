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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The k8s/ base, its example overlay and its autoscaling component, rendered, held to what the
 * node really serves and reads. Without kubectl the base is assembled from its kustomization's
 * resources and ConfigMap generator, and the overlay and component are checked by structure.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("..", "k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path EXAMPLE = K8S.resolve("overlays").resolve("example");
    private static final Path AUTOSCALING = K8S.resolve("components").resolve("autoscaling");
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));
    private static final List<Map<String, Object>> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void render() throws IOException {
        Map<String, Object> kustomization = kustomization(BASE);
        for (Object file : (List<?>) kustomization.get("resources")) {
            for (Object document : YAML.loadAll(Files.readString(BASE.resolve(String.valueOf(file))))) {
                OBJECTS.add(map(document));
            }
        }
        // What the generator makes, less the content hash kustomize appends to the name.
        for (Object generator : list(kustomization, "configMapGenerator")) {
            Map<String, Object> data = new LinkedHashMap<>();
            for (Object file : list(map(generator), "files")) {
                data.put(Path.of(String.valueOf(file)).getFileName().toString(),
                        Files.readString(BASE.resolve(String.valueOf(file))));
            }
            OBJECTS.add(Map.of("kind", "ConfigMap", "metadata", Map.of("name", map(generator).get("name")),
                    "data", data));
        }
    }

    @Test
    void kubectlKustomize_rendersTheSameObjects_whenKubectlIsInstalled() throws Exception {
        if (!Files.isExecutable(KUBECTL)) {
            System.out.println("[k8s] kubectl not installed: rendered from kustomization.yaml's resources only");
            return;
        }
        List<String> kinds = kustomize(BASE).stream().map(o -> String.valueOf(o.get("kind"))).toList();
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(OBJECTS.stream().map(o -> (String) o.get("kind")).toList());
    }

    @Test
    void config_isGeneratedUnderAContentHashedName_thatTheStatefulSetMounts() throws Exception {
        Map<String, Object> kustomization = kustomization(BASE);
        assertThat(OBJECTS.stream().filter(o -> "ConfigMap".equals(o.get("kind"))))
                .as("only the generated ConfigMap: a plain one changes under running pods and restarts nothing")
                .hasSize(1);
        String generated = String.valueOf(map(list(kustomization, "configMapGenerator").get(0)).get("name"));
        assertThat(configMapVolume(OBJECTS)).isEqualTo(generated);
        assertThat(map(kustomization.getOrDefault("generatorOptions", Map.of())).get("disableNameSuffixHash"))
                .as("the hash is what rolls the pods").isNotEqualTo(true);
        if (!Files.isExecutable(KUBECTL)) {
            System.out.println("[k8s] kubectl not installed: the hashed names were not rendered");
            return;
        }
        String baseName = configMapName(kustomize(BASE));
        String exampleName = configMapName(kustomize(EXAMPLE));
        assertThat(baseName).startsWith(generated + "-").isNotEqualTo(generated);
        assertThat(configMapVolume(kustomize(BASE))).isEqualTo(baseName);
        assertThat(exampleName).as("another config, another name").startsWith(generated + "-").isNotEqualTo(baseName);
        assertThat(configMapVolume(kustomize(EXAMPLE))).isEqualTo(exampleName);
    }

    @Test
    void exampleOverlay_setsImageReplicasResourcesAndCaches_andEveryReferenceResolves() throws Exception {
        Map<String, Object> overlay = kustomization(EXAMPLE);
        for (Object resource : list(overlay, "resources")) {
            assertThat(EXAMPLE.resolve(String.valueOf(resource)).resolve("kustomization.yaml")).exists();
        }
        String baseImage = String.valueOf(container(OBJECTS).get("image"));
        Map<String, Object> image = map(list(overlay, "images").get(0));
        assertThat(image.get("name")).isEqualTo(baseImage.substring(0, baseImage.indexOf(':')));
        assertThat(image).containsKeys("newName", "newTag");
        String statefulSet = String.valueOf(map(object(OBJECTS, "StatefulSet").get("metadata")).get("name"));
        assertThat(map(list(overlay, "replicas").get(0))).containsEntry("name", statefulSet);
        Map<String, Object> generator = map(list(overlay, "configMapGenerator").get(0));
        assertThat(generator).containsEntry("name", map(list(kustomization(BASE), "configMapGenerator").get(0)).get("name"))
                .containsEntry("behavior", "replace");
        NodeConfig config = loadConfig(Files.readString(EXAMPLE.resolve(String.valueOf(list(generator, "files").get(0)))));
        assertThat(config.caches()).hasSizeGreaterThan(2);
        Map<String, Object> patch = map(list(overlay, "patches").get(0));
        assertThat(map(patch.get("target"))).containsEntry("kind", "StatefulSet").containsEntry("name", statefulSet);
        Map<String, Object> patched = map(YAML.load(Files.readString(EXAMPLE.resolve(String.valueOf(patch.get("path"))))));
        assertThat(container(List.of(patched)).get("name")).isEqualTo(container(OBJECTS).get("name"));
        assertThat(map(container(List.of(patched)).get("resources"))).containsKeys("requests", "limits");

        if (!Files.isExecutable(KUBECTL)) {
            System.out.println("[k8s] kubectl not installed: the example overlay was not rendered");
            return;
        }
        List<Map<String, Object>> rendered = kustomize(EXAMPLE);
        assertThat(container(rendered).get("image")).isEqualTo(image.get("newName") + ":" + image.get("newTag"));
        assertThat(map(object(rendered, "StatefulSet").get("spec")).get("replicas"))
                .isEqualTo(map(list(overlay, "replicas").get(0)).get("count"));
        assertThat(map(map(container(rendered).get("resources")).get("limits")).get("memory")).isEqualTo("2Gi");
        assertThat(rendered).noneMatch(o -> "HorizontalPodAutoscaler".equals(o.get("kind")));
    }

    @Test
    void autoscaling_isAComponent_thatAddsTheHpa_andLeavesItTheReplicaCount() throws Exception {
        assertThat(OBJECTS).as("the base scales with kubectl scale").noneMatch(o -> "HorizontalPodAutoscaler".equals(o.get("kind")));
        Map<String, Object> component = kustomization(AUTOSCALING);
        assertThat(component.get("kind")).isEqualTo("Component");
        Map<String, Object> hpa = map(YAML.load(Files.readString(AUTOSCALING.resolve(String.valueOf(
                list(component, "resources").get(0))))));
        String statefulSet = String.valueOf(map(object(OBJECTS, "StatefulSet").get("metadata")).get("name"));
        assertThat(map(map(hpa.get("spec")).get("scaleTargetRef"))).containsEntry("kind", "StatefulSet")
                .containsEntry("name", statefulSet);
        assertThat((Integer) map(hpa.get("spec")).get("minReplicas")).as("a quorum survives one loss").isGreaterThanOrEqualTo(3);

        if (!Files.isExecutable(KUBECTL)) {
            System.out.println("[k8s] kubectl not installed: the autoscaling component was not rendered");
            return;
        }
        // kustomize takes only relative paths to other kustomizations.
        Path overlay = Files.createDirectories(Path.of("target", "k8s-autoscaled")).toAbsolutePath();
        Files.writeString(overlay.resolve("kustomization.yaml"),
                "resources:\n  - " + overlay.relativize(BASE.toAbsolutePath().normalize())
                        + "\ncomponents:\n  - " + overlay.relativize(AUTOSCALING.toAbsolutePath().normalize()) + "\n");
        List<Map<String, Object>> rendered = kustomize(overlay);
        assertThat(rendered).anyMatch(o -> "HorizontalPodAutoscaler".equals(o.get("kind")));
        assertThat(map(object(rendered, "StatefulSet").get("spec"))).doesNotContainKey("replicas");
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
        assertThat(loadConfig(file).caches()).containsKey("sessions");
    }

    @Test
    void securityContext_isRestricted() {
        Map<String, Object> security = map(container().get("securityContext"));
        assertThat(security).containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
        assertThat(map(map(map(map(object("StatefulSet").get("spec")).get("template")).get("spec"))
                .get("securityContext"))).containsEntry("runAsNonRoot", true);
    }

    private static NodeConfig loadConfig(String file) throws IOException {
        Path local = Files.createDirectories(Path.of("target")).resolve("k8s-ringcache.yaml");
        Files.writeString(local, file);
        return ConfigLoader.load(new String[]{"--config=" + local}, Map.of());
    }

    private static Map<String, Object> kustomization(Path dir) throws IOException {
        return map(YAML.load(Files.readString(dir.resolve("kustomization.yaml"))));
    }

    private static List<Map<String, Object>> kustomize(Path dir) throws Exception {
        Process process = new ProcessBuilder(KUBECTL.toString(), "kustomize", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<Map<String, Object>> objects = new ArrayList<>();
        YAML.loadAll(output).forEach(doc -> objects.add(map(doc)));
        return objects;
    }

    private static String configMapName(List<Map<String, Object>> objects) {
        return String.valueOf(map(object(objects, "ConfigMap").get("metadata")).get("name"));
    }

    /** The ConfigMap the StatefulSet's pods mount. */
    private static String configMapVolume(List<Map<String, Object>> objects) {
        Map<String, Object> podSpec = map(map(map(object(objects, "StatefulSet").get("spec")).get("template")).get("spec"));
        return ((List<?>) podSpec.get("volumes")).stream().map(v -> map(v).get("configMap")).filter(c -> c != null)
                .map(c -> String.valueOf(map(c).get("name"))).findFirst().orElseThrow();
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (Object variable : list(container(), "env")) {
            env.put(String.valueOf(map(variable).get("name")), String.valueOf(map(variable).get("value")));
        }
        return env;
    }

    private static Map<String, Object> container() {
        return container(OBJECTS);
    }

    private static Map<String, Object> container(List<Map<String, Object>> objects) {
        Map<String, Object> podSpec = map(map(map(object(objects, "StatefulSet").get("spec")).get("template")).get("spec"));
        return map(((List<?>) podSpec.get("containers")).get(0));
    }

    private static Map<String, Object> object(String kind) {
        return object(OBJECTS, kind);
    }

    private static Map<String, Object> object(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).findFirst().orElseThrow();
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        return (List<?>) parent.getOrDefault(key, List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
