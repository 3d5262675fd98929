package com.gladlabs.cofounder.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.content.ContentConfig;
import com.gladlabs.cofounder.content.WorkerConfig;
import com.gladlabs.cofounder.events.EventsConfig;
import com.gladlabs.cofounder.health.HealthConfig;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

/**
 * Everything under deploy/ is read the way a cluster would: each YAML file and each rendered
 * kustomize overlay as typed Kubernetes (and Knative) objects with no field the model does not
 * know; every pod template's probes, port, environment and security context are held against what
 * this application actually serves and reads.
 */
@QuarkusTest
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> PROBES = Map.of("liveness", "/q/health/live", "readiness",
            "/q/health/ready", "startup", "/q/health/started");

    /** A typed object and the file (or overlay) it came from. */
    record Manifest(String source, KubernetesResource resource) {
    }

    /** One container in its pod, with the manifests rendered beside it (for ConfigMaps and Secrets). */
    record Workload(String source, String kind, PodSpec pod, List<Manifest> siblings) {
    }

    @Test
    void everyYamlFileUnderDeployIsATypedObjectWithNoUnknownField() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(p -> DEPLOY.relativize(p).toString().replace('\\', '/')).contains(
                "kubernetes/base/kustomization.yaml", "kubernetes/base/deployment.yaml", "kubernetes/base/service.yaml",
                "kubernetes/base/pdb.yaml", "kubernetes/base/hpa.yaml", "kubernetes/base/migrate-job.yaml",
                "kubernetes/overlays/dev/kustomization.yaml", "kubernetes/overlays/prod/kustomization.yaml",
                "knative/service.yaml");
        for (Path file : files) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                Kustomization kustomization = YAML.treeToValue(YAML.readTree(file.toFile()), Kustomization.class);
                assertNoUnknownFields(file.toString(), kustomization);
            } else {
                assertThat(parse(file.toString(), Files.readString(file))).as(file.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void eachOverlayRendersTheWholeService() throws Exception {
        for (String overlay : OVERLAYS) {
            List<Manifest> rendered = render(overlay);
            assertThat(rendered).extracting(m -> m.resource().getClass().getSimpleName()).as(overlay)
                    .contains("ConfigMap", "Service", "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job");
            Deployment deployment = only(rendered, Deployment.class);
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(podLabels).as("the Service selects the pods")
                    .containsAllEntriesOf(only(rendered, io.fabric8.kubernetes.api.model.Service.class).getSpec().getSelector());
            assertThat(podLabels).as("the disruption budget counts the pods")
                    .containsAllEntriesOf(only(rendered, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
            HorizontalPodAutoscaler hpa = only(rendered, HorizontalPodAutoscaler.class);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());

            // Replicas run no Flyway (readiness checks the schema's version); the Job migrates it and exits.
            Map<String, String> deploymentEnv = environment(workload(overlay, "Deployment", deployment.getSpec().getTemplate().getSpec(), rendered));
            assertThat(deploymentEnv).containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "false")
                    .containsEntry("QUARKUS_FLYWAY_VALIDATE_AT_START", "false");
            Job job = only(rendered, Job.class);
            Map<String, String> jobEnv = environment(workload(overlay, "Job", job.getSpec().getTemplate().getSpec(), rendered));
            assertThat(jobEnv).containsEntry("COFOUNDER_DB_MIGRATE_ONLY", "true")
                    .containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "true")
                    .containsEntry("COFOUNDER_WORKER_ENABLED", "false");
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");

            // SIGTERM: the shutdown delay and the drain both fit inside the grace period.
            Duration delay = Duration.parse("PT" + deploymentEnv.getOrDefault("QUARKUS_SHUTDOWN_DELAY", "0s").toUpperCase());
            Duration drain = Duration.parse("PT" + deploymentEnv.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", "30s").toUpperCase());
            assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .isGreaterThan(delay.plus(drain).toSeconds());
        }
        List<Manifest> dev = render("dev");
        for (Workload workload : workloads(dev)) {
            for (Container container : workload.pod().getContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        var ref = variable.getValueFrom().getSecretKeyRef();
                        assertThat(dev).as("dev generates the Secret %s with key %s", ref.getName(), ref.getKey())
                                .anyMatch(m -> m.resource() instanceof Secret s && s.getMetadata().getName().equals(ref.getName())
                                        && (s.getData() != null && s.getData().containsKey(ref.getKey())
                                                || s.getStringData() != null && s.getStringData().containsKey(ref.getKey())));
                    }
                }
            }
        }
    }

    /**
     * The task cache's two components: an in-cluster Redis for a developer's cluster (overlays/dev-cache)
     * and the settings of a managed one for prod. Both turn the cache on with names the application
     * reads; the in-cluster Redis is bounded, keeps nothing on disk, evicts only entries with a time to
     * live, and runs as locked down as the service.
     */
    @Test
    void theCacheComponentsTurnTheCacheOnWithABoundedRedis() throws Exception {
        List<Pattern> known = knownVariables();
        List<Manifest> dev = render("dev-cache");
        List<Workload> workloads = workloads(dev);
        Workload app = workloads.stream().filter(w -> w.kind().equals("Deployment")
                && w.pod().getContainers().get(0).getName().equals("cofounder-agent")).findFirst().orElseThrow();
        Map<String, String> env = environment(app);
        assertThat(env).containsEntry("COFOUNDER_CACHE_ENABLED", "true")
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://cofounder-redis:6379");
        env.keySet().forEach(name -> assertThat(name.equals("JAVA_OPTS") || known.stream().anyMatch(p -> p.matcher(name).matches()))
                .as("dev-cache: %s is not a configuration property of the application", name).isTrue());
        assertThat(dev).anyMatch(m -> m.resource() instanceof io.fabric8.kubernetes.api.model.Service s
                && s.getMetadata().getName().equals("cofounder-redis") && s.getSpec().getPorts().get(0).getPort() == 6379);
        Workload redis = workloads.stream().filter(w -> w.pod().getContainers().get(0).getName().equals("redis"))
                .findFirst().orElseThrow();
        Container server = redis.pod().getContainers().get(0);
        assertThat(String.join(" ", server.getArgs())).contains("--maxmemory-policy volatile-lru", "--appendonly no", "--maxmemory ")
                .contains("--save ");
        assertThat(redis.pod().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(server.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(server.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
        assertThat(server.getResources().getLimits()).containsKeys("cpu", "memory");

        // prod with the managed component, as its comment says to add it.
        Path overlay = Path.of("target", "prod-with-managed-redis-cache").toAbsolutePath();
        Files.createDirectories(overlay);
        Path kubernetes = DEPLOY.resolve("kubernetes").toAbsolutePath();
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources:\n  - "
                + overlay.relativize(kubernetes.resolve("overlays/prod")) + "\ncomponents:\n  - "
                + overlay.relativize(kubernetes.resolve("components/managed-redis-cache")) + "\n");
        List<Manifest> prod = render(overlay, "prod + components/managed-redis-cache");
        Deployment deployment = only(prod, Deployment.class);
        Map<String, String> prodEnv = environment(workload("prod", "Deployment", deployment.getSpec().getTemplate().getSpec(), prod));
        assertThat(prodEnv).containsEntry("COFOUNDER_CACHE_ENABLED", "true").containsKey("QUARKUS_REDIS_HOSTS")
                .containsKey("QUARKUS_REDIS_PASSWORD");
        prodEnv.keySet().forEach(name -> assertThat(name.equals("JAVA_OPTS") || known.stream().anyMatch(p -> p.matcher(name).matches()))
                .as("prod + managed cache: %s is not a configuration property of the application", name).isTrue());
        // Off unless a component turns it on.
        assertThat(environment(workload("prod", "Deployment", only(render("prod"), Deployment.class).getSpec().getTemplate().getSpec(),
                render("prod")))).doesNotContainKey("COFOUNDER_CACHE_ENABLED");
    }

    @Test
    void probesAndPortsAreWhatTheApplicationServes() throws Exception {
        int appPort = applicationPort();
        for (String path : PROBES.values()) {
            given().get(path).then().statusCode(200);
        }
        for (Workload workload : allWorkloads()) {
            for (Container container : workload.pod().getContainers()) {
                String where = workload.source() + " " + workload.kind() + "/" + container.getName();
                if (workload.kind().equals("Job")) {
                    assertThat(container.getLivenessProbe()).as(where).isNull();
                    continue;
                }
                assertThat(container.getPorts()).as(where).extracting(ContainerPort::getContainerPort).containsExactly(appPort);
                Map<String, Probe> probes = new LinkedHashMap<>();
                probes.put("liveness", container.getLivenessProbe());
                probes.put("readiness", container.getReadinessProbe());
                probes.put("startup", container.getStartupProbe());
                for (var probe : probes.entrySet()) {
                    assertThat(probe.getValue()).as(where + " has a " + probe.getKey() + " probe").isNotNull();
                    HTTPGetAction get = probe.getValue().getHttpGet();
                    assertThat(get.getPath()).as(where + " " + probe.getKey()).isEqualTo(PROBES.get(probe.getKey()));
                    if (get.getPort() != null) {
                        Integer port = get.getPort().getIntVal() != null ? get.getPort().getIntVal()
                                : container.getPorts().stream().filter(p -> get.getPort().getStrVal().equals(p.getName()))
                                        .map(ContainerPort::getContainerPort).findFirst().orElse(null);
                        assertThat(port).as(where + " " + probe.getKey() + " port").isEqualTo(appPort);
                    }
                }
            }
        }
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native-micro", "Dockerfile.native")) {
            assertThat(Files.readString(DEPLOY.resolve("docker").resolve(dockerfile))).as(dockerfile)
                    .contains("EXPOSE " + appPort).containsPattern("(?m)^USER (?!0\\b|root\\b)\\S+");
        }
    }

    @Test
    void everyEnvironmentVariableNamedIsOneTheApplicationReads() throws Exception {
        List<Pattern> known = knownVariables();
        // Read by the JVM image's entrypoint rather than by the application.
        Set<String> image = new HashSet<>();
        if (Files.readString(DEPLOY.resolve("docker/Dockerfile.jvm")).contains("$JAVA_OPTS")) {
            image.add("JAVA_OPTS");
        }
        for (Workload workload : allWorkloads()) {
            for (String name : environment(workload).keySet()) {
                assertThat(image.contains(name) || known.stream().anyMatch(p -> p.matcher(name).matches()))
                        .as("%s: %s is not a configuration property of the application", workload.source(), name).isTrue();
            }
        }
    }

    @Test
    void everyContainerRunsAsNonRootOnAReadOnlyFilesystemWithNoCapabilities() throws Exception {
        for (Workload workload : allWorkloads()) {
            PodSpec pod = workload.pod();
            PodSecurityContext podContext = pod.getSecurityContext();
            for (Container container : pod.getContainers()) {
                String where = workload.source() + " " + workload.kind() + "/" + container.getName();
                SecurityContext context = container.getSecurityContext();
                assertThat(context).as(where).isNotNull();
                Boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                        : podContext == null ? null : podContext.getRunAsNonRoot();
                Long user = context.getRunAsUser() != null ? context.getRunAsUser()
                        : podContext == null ? null : podContext.getRunAsUser();
                assertThat(nonRoot).as(where + " runAsNonRoot").isTrue();
                assertThat(user).as(where + " runAsUser").isNotNull().isNotZero();
                assertThat(context.getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                assertThat(context.getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                assertThat(context.getCapabilities().getDrop()).as(where + " drops").contains("ALL");
                assertThat(context.getCapabilities().getAdd()).as(where + " adds").isNullOrEmpty();
                // A read-only root needs a writable /tmp (java.io.tmpdir, Vert.x' file cache).
                assertThat(container.getVolumeMounts()).as(where).anyMatch(m -> m.getMountPath().equals("/tmp")
                        && pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).map(Volume::getEmptyDir)
                                .anyMatch(Objects::nonNull));
                assertThat(container.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
                if (!workload.kind().equals("Service")) { // the JVM workloads: heap sized to the container
                    assertThat(environment(workload).get("JAVA_OPTS")).as(where).contains("-XX:MaxRAMPercentage=");
                }
            }
        }
    }

    /**
     * Kubernetes gives a pod Docker-link variables for every Service of its namespace (seven each) unless
     * told not to; the application reads none of them, and every one is a name the configuration
     * matches at each start.
     */
    @Test
    void noPodGetsServiceLinkVariables() throws Exception {
        for (Workload workload : allWorkloads()) {
            assertThat(workload.pod().getEnableServiceLinks()).as(workload.source() + " " + workload.kind()).isFalse();
        }
    }

    @Test
    void theKnativeServiceScalesToZeroWithAConcurrencyTarget() throws IOException {
        Service knative = only(parse("knative/service.yaml", Files.readString(DEPLOY.resolve("knative/service.yaml"))),
                Service.class);
        Map<String, String> annotations = knative.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsKey("autoscaling.knative.dev/target");
        assertThat(knative.getSpec().getTemplate().getSpec().getContainerConcurrency()).isPositive();
        assertThat(Integer.parseInt(annotations.get("autoscaling.knative.dev/target")))
                .isLessThanOrEqualTo(knative.getSpec().getTemplate().getSpec().getContainerConcurrency().intValue());
    }

    // --- reading ---------------------------------------------------------------------------------

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<Manifest> parse(String source, String yaml) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                KubernetesResource resource = YAML.treeToValue(document, KubernetesResource.class);
                assertThat(resource).as("%s: %s/%s is a kind the models know", source, document.path("apiVersion").asText(),
                        document.path("kind").asText()).isNotInstanceOf(GenericKubernetesResource.class);
                assertNoUnknownFields(source + " " + document.path("kind").asText(), resource);
                manifests.add(new Manifest(source, resource));
            }
        }
        return manifests;
    }

    /** Renders an overlay with {@code kubectl kustomize}, as .ci/run does before the tests. */
    private static List<Manifest> render(String overlay) throws IOException, InterruptedException {
        return render(DEPLOY.resolve("kubernetes/overlays").resolve(overlay), "overlay " + overlay);
    }

    private static List<Manifest> render(Path dir, String source) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            boolean required = System.getenv("COFOUNDER_REQUIRE_KUBECTL") != null;
            assertThat(required).as("kubectl is required here (COFOUNDER_REQUIRE_KUBECTL) but cannot run: " + e.getMessage())
                    .isFalse();
            Assumptions.abort("kubectl is not installed: the overlays cannot be rendered on this machine (.ci/run requires it)");
            throw e;
        }
        kubectl.getOutputStream().close();
        var out = kubectl.getInputStream().readAllBytes();
        var err = kubectl.getErrorStream().readAllBytes();
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(new String(err, StandardCharsets.UTF_8)).isZero();
        return parse(source, new String(out, StandardCharsets.UTF_8));
    }

    private static List<Workload> allWorkloads() throws Exception {
        List<Workload> all = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            all.addAll(workloads(render(overlay)));
        }
        List<Manifest> knative = parse("knative/service.yaml", Files.readString(DEPLOY.resolve("knative/service.yaml")));
        all.addAll(workloads(knative));
        assertThat(all).extracting(Workload::kind).contains("Deployment", "Job", "Service");
        return all;
    }

    private static List<Workload> workloads(List<Manifest> manifests) {
        List<Workload> workloads = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (manifest.resource() instanceof Deployment d) {
                workloads.add(workload(manifest.source(), "Deployment", d.getSpec().getTemplate().getSpec(), manifests));
            } else if (manifest.resource() instanceof Job j) {
                workloads.add(workload(manifest.source(), "Job", j.getSpec().getTemplate().getSpec(), manifests));
            } else if (manifest.resource() instanceof Service s) {
                var spec = s.getSpec().getTemplate().getSpec();
                PodSpec pod = new PodSpec();
                pod.setContainers(spec.getContainers());
                pod.setVolumes(spec.getVolumes());
                pod.setSecurityContext(spec.getSecurityContext());
                pod.setEnableServiceLinks(spec.getEnableServiceLinks());
                workloads.add(workload(manifest.source(), "Service", pod, manifests));
            }
        }
        return workloads;
    }

    private static Workload workload(String source, String kind, PodSpec pod, List<Manifest> siblings) {
        return new Workload(source, kind, pod, siblings);
    }

    /** Every variable a workload's containers get: env entries and the keys of ConfigMaps they load. */
    private static Map<String, String> environment(Workload workload) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Container container : workload.pod().getContainers()) {
            for (EnvFromSource from : container.getEnvFrom()) {
                assertThat(from.getConfigMapRef()).as(workload.source() + ": envFrom loads ConfigMaps only").isNotNull();
                String name = from.getConfigMapRef().getName();
                ConfigMap map = workload.siblings().stream().map(Manifest::resource).filter(ConfigMap.class::isInstance)
                        .map(ConfigMap.class::cast).filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError(workload.source() + ": no ConfigMap " + name));
                env.putAll(map.getData());
            }
            for (EnvVar variable : container.getEnv()) {
                env.put(variable.getName(), variable.getValue() != null ? variable.getValue() : "(from " + variable.getValueFrom() + ")");
            }
        }
        return env;
    }

    private static <T> T only(List<Manifest> manifests, Class<T> type) {
        List<T> found = manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** The HTTP port of the packaged application: Quarkus' 8080 unless application.properties says otherwise. */
    private static int applicationPort() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    /**
     * The application's configuration names as environment variables: everything the running
     * configuration knows (values and defaults), plus the optional properties of our own mappings
     * and of the Quarkus roots the manifests use that have no default.
     */
    private static List<Pattern> knownVariables() {
        Set<String> names = new HashSet<>();
        ConfigProvider.getConfig().getPropertyNames().forEach(names::add);
        List<ConfigClass> mappings = List.of(ConfigClass.configClass(DatabaseConfig.class, "cofounder.db"),
                ConfigClass.configClass(ContentConfig.class, "cofounder.content"),
                ConfigClass.configClass(WorkerConfig.class, "cofounder.worker"),
                ConfigClass.configClass(EventsConfig.class, "cofounder.events"),
                ConfigClass.configClass(HealthConfig.class, "cofounder.health"),
                ConfigClass.configClass(com.gladlabs.cofounder.cache.CacheConfig.class, "cofounder.cache"),
                ConfigClass.configClass(com.gladlabs.cofounder.common.security.AuthConfig.class, "cofounder.auth"),
                ConfigClass.configClass(io.quarkus.runtime.shutdown.ShutdownConfig.class, "quarkus.shutdown"),
                ConfigClass.configClass(io.quarkus.datasource.runtime.DataSourcesRuntimeConfig.class, "quarkus.datasource"));
        for (ConfigClass mapping : mappings) {
            names.addAll(ConfigMappings.getProperties(mapping).keySet());
        }
        // MicroProfile JWT's standard names, read by SmallRye JWT through @ConfigProperty rather than a mapping.
        // The Redis client's connection, read by the Quarkus Redis extension when the cache is on.
        names.addAll(List.of("quarkus.redis.hosts", "quarkus.redis.password"));
        names.addAll(List.of("mp.jwt.verify.issuer", "mp.jwt.verify.audiences", "mp.jwt.verify.publickey.location",
                "mp.jwt.verify.publickey"));
        return names.stream().map(DeployManifestsTest::asVariable).toList();
    }

    private static Pattern asVariable(String property) {
        StringBuilder regex = new StringBuilder();
        for (String part : property.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(part.replace("\"", "").toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return Pattern.compile(regex.toString().replace("\\Q\\E", ""));
    }

    /**
     * The models keep a field they do not know in additionalProperties instead of failing: walk the
     * object tree and fail on any, naming where it is.
     */
    static void assertNoUnknownFields(String source, Object root) {
        List<String> unknown = new ArrayList<>();
        walk(root, "", unknown);
        assertThat(unknown).as(source + ": fields the Kubernetes model does not know").isEmpty();
    }

    private static void walk(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add((path.isEmpty() ? "" : path) + " " + extra.keySet());
                }
            } else if (!(node instanceof HasMetadata && getter.getName().equals("getPlural"))
                    && !getter.getName().equals("getSingular")) {
                walk(value, path + "." + decapitalize(getter.getName().substring(3)), unknown);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
